package dev.doppel.dataprep.format.mail;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The person's own words in a mail body: quoted replies ({@code >} lines, interleaved or not, and the
 * attribution line introducing them), signatures, forwarded or "Original Message" blocks and
 * mailing-list footers are cut, trailing whitespace is dropped and blank-line runs collapse to one.
 * Cheap character checks guard every regex: most lines never reach one.
 */
final class OwnWords {
    /**
     * {@code On Tue, 3 Sep 2002, Alice wrote:} and its translations ({@code Am …, schrieb Alice:}): an
     * attribution wherever it stands.
     */
    private static final Pattern ON_WROTE = Pattern.compile(
            "^(on|am|le|el|op|il|den|em) .{0,300}"
                    + "\\b(wrote|writes|schrieb|a écrit|escribió|schreef|ha scritto|skrev|escreveu)( [^:]{0,100})?\\s*:$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** {@code Alice <a@b> writes:}: an attribution only when a quote follows it. */
    private static final Pattern SOMEONE_WROTE = Pattern.compile(
            "^.{1,300}\\b(wrote|writes|said|says)\\s*:$|^quoting .{1,300}:$", Pattern.CASE_INSENSITIVE);
    /** {@code -----Original Message-----}, {@code ---------- Forwarded message ---------}. */
    private static final Pattern QUOTED_MESSAGE = Pattern.compile(
            "^-{2,}\\s*(original message|forwarded message.*|ursprüngliche nachricht|message d'origine)\\s*-{2,}$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** {@code --- In group@yahoogroups.com, Alice <a@b> wrote:}: the Yahoo! Groups quote, unprefixed below it. */
    private static final Pattern YAHOO_QUOTE = Pattern.compile("^-{2,3} In \\S+@\\S+, .*(wrote|writes)\\s*:$");
    /** How far below a separator line the list information of a footer may start. */
    private static final int FOOTER_LOOKAHEAD = 12;
    private static final String[] FOOTER_MARKERS = {"mailing list", "listinfo", "unsubscribe", "mailman",
            "yahoo! groups", "sponsored by", "list archive"};

    private OwnWords() {
    }

    static String clean(String body) {
        String[] lines = lines(body);
        int start = 0;
        int end;
        while (true) {
            end = cutPoint(lines, start);
            if (end == lines.length || !startsQuotedMessage(lines[end]) || hasText(lines, start, end)) {
                break;
            }
            // Nothing above the quoted message: the sender wrote below it, between ">" quotes of it.
            // Without such quotes below, everything below is the quoted message.
            start = quotedMessageEnd(lines, end);
            if (!hasQuote(lines, start)) {
                return "";
            }
        }
        StringBuilder out = new StringBuilder(body.length());
        boolean pendingBlank = false;
        for (int i = start; i < end; i++) {
            String line = stripTrailing(lines[i]);
            if (isQuote(line)) {
                pendingBlank = true; // a removed quote separates the answers around it
                continue;
            }
            int attribution = attributionLines(lines, i, end);
            if (attribution > 0) {
                i += attribution - 1;
                pendingBlank = true;
                continue;
            }
            if (line.isEmpty()) {
                pendingBlank = true;
                continue;
            }
            if (!out.isEmpty()) {
                out.append(pendingBlank ? "\n\n" : "\n");
            }
            out.append(line);
            pendingBlank = false;
        }
        return out.toString();
    }

    /** The index of the first line from {@code start} that begins what is not the person's, to the end of the mail. */
    private static int cutPoint(String[] lines, int start) {
        for (int i = start; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            char first = line.charAt(0);
            if (first == '-') {
                if (line.stripTrailing().equals("--") || startsQuotedMessage(line) || footerFollows(lines, i)) {
                    return i;
                }
            } else if (first == '_' || first == '=') {
                if (footerFollows(lines, i)) {
                    return i;
                }
            } else if ((first == 'F' || first == 'B') && isQuotedHeaderBlock(lines, i)) {
                return i;
            } else if ((first == 'T' || first == 't') && line.regionMatches(true, 0, "to unsubscribe", 0, 14)
                    && nonBlankLinesAfter(lines, i) <= 2) {
                return i; // Majordomo's footer, which has no separator line
            }
        }
        return lines.length;
    }

    /** An "Original Message", forwarded-message or Yahoo! Groups quote marker, or Outlook's quoted headers. */
    private static boolean startsQuotedMessage(String line) {
        String trimmed = line.stripTrailing();
        if (trimmed.startsWith("-")) {
            return QUOTED_MESSAGE.matcher(trimmed).matches() || YAHOO_QUOTE.matcher(trimmed).matches();
        }
        return trimmed.startsWith("From: ") || trimmed.startsWith("Begin forwarded message:");
    }

    /** The line after a quoted message's marker and the header lines below it ({@code From:}, {@code Sent:} …). */
    private static int quotedMessageEnd(String[] lines, int marker) {
        int i = marker;
        if (lines[i].startsWith("-")) {
            i++;
            if (i < lines.length && !lines[i].startsWith("From: ") && !lines[i].isBlank()) {
                return i; // a Yahoo! quote marker: no header lines follow
            }
        }
        while (i < lines.length && !lines[i].isBlank()) {
            i++;
        }
        return i;
    }

    private static int nonBlankLinesAfter(String[] lines, int i) {
        int count = 0;
        for (int k = i + 1; k < lines.length; k++) {
            if (!lines[k].isBlank()) {
                count++;
            }
        }
        return count;
    }

    private static boolean hasText(String[] lines, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!lines[i].isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasQuote(String[] lines, int from) {
        for (int i = from; i < lines.length; i++) {
            if (isQuote(lines[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * A separator line ({@code ____}, {@code ----}, {@code ====}, or one with a title such as
     * {@code ------- Yahoo! Groups Sponsor -------~-->}) with list information on it or below it.
     */
    private static boolean footerFollows(String[] lines, int separator) {
        String line = lines[separator];
        if (line.length() < 10 || !isRunOf(line.substring(0, 10), line.charAt(0))) {
            return false;
        }
        int last = Math.min(lines.length, separator + 1 + FOOTER_LOOKAHEAD);
        for (int i = separator; i < last; i++) {
            String lower = lines[i].toLowerCase(Locale.ROOT);
            for (String marker : FOOTER_MARKERS) {
                if (lower.contains(marker)) {
                    return true;
                }
            }
            if (i > separator && i <= separator + 2 && lines[i].startsWith("From: ")) {
                return true; // Outlook's "____" above the quoted headers
            }
        }
        return false;
    }

    /** Outlook's quoted headers ({@code From: …}, {@code Sent: …}), or Apple Mail's "Begin forwarded message:". */
    private static boolean isQuotedHeaderBlock(String[] lines, int i) {
        String line = lines[i];
        if (line.startsWith("Begin forwarded message:")) {
            return true;
        }
        return line.startsWith("From: ") && i + 1 < lines.length
                && (lines[i + 1].startsWith("Sent: ") || lines[i + 1].startsWith("Date: "));
    }

    private static boolean isRunOf(String s, char c) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != c) {
                return false;
            }
        }
        return true;
    }

    private static boolean isQuote(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t') {
                return c == '>';
            }
        }
        return false;
    }

    /**
     * How many lines (0, 1 or 2) of an attribution start at {@code i}. A two-line one is
     * {@code On Tue, 3 Sep 2002, Alice Smith} / {@code <alice@example.com> wrote:}, wrapped by the mailer.
     */
    private static int attributionLines(String[] lines, int i, int end) {
        String line = lines[i].strip();
        if (line.isEmpty()) {
            return 0;
        }
        if (line.endsWith(":")) {
            if (ON_WROTE.matcher(line).matches()) {
                return 1;
            }
            if (SOMEONE_WROTE.matcher(line).matches() && quoteFollows(lines, i + 1, end)) {
                return 1;
            }
            return 0;
        }
        if (i + 1 < end && line.length() > 3 && line.regionMatches(true, 0, "on ", 0, 3)) {
            String nextLine = lines[i + 1].strip();
            if (nextLine.endsWith(":") && ON_WROTE.matcher(line + " " + nextLine).matches()) {
                return 2;
            }
        }
        return 0;
    }

    /** True when the next non-blank line before {@code end} is a quote, or there is none. */
    private static boolean quoteFollows(String[] lines, int from, int end) {
        for (int i = from; i < end; i++) {
            if (!lines[i].isBlank()) {
                return isQuote(lines[i]);
            }
        }
        return true;
    }

    private static String[] lines(String body) {
        String text = body.indexOf('\r') >= 0 ? body.replace("\r\n", "\n").replace('\r', '\n') : body;
        return text.split("\n", -1);
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        return end == line.length() ? line : line.substring(0, end);
    }
}
