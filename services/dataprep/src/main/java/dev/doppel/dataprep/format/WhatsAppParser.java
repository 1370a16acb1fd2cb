package dev.doppel.dataprep.format;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WhatsApp chat export ({@code WhatsApp Chat with X.txt}, {@code _chat.txt}), Android or iOS, any
 * clock and date locale. The file does not say whether its dates are day- or month-first, so every
 * message keeps its raw date fields until the whole file has been read and one of them has shown a
 * value above 12; a file that never does is taken as day-first, the more common locale.
 */
public final class WhatsAppParser implements ExportParser {
    private static final char LRM = '\u200E';

    /**
     * {@code 06/03/2017, 00:45 - rest} (Android) or {@code [06/03/2017, 00:45:12] rest} (iOS); dates
     * with {@code / . -}, a locale word before the time (Finnish {@code klo}), hours with {@code :} or
     * {@code .}, and AM/PM in the spellings {@code PM}, {@code pm}, {@code p.m.}, {@code p. m.} after a
     * space, a no-break space or a narrow no-break space.
     */
    private static final Pattern HEADER = Pattern.compile(
            "\\[?(\\d{1,4})[./-] ?(\\d{1,2})[./-] ?(\\d{1,4}),?[ \\u00A0](?:\\p{L}+ )?"
                    + "(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?"
                    + "(?:[ \\u00A0\\u202F]?([AaPp])\\.?[ \\u00A0\\u202F]?[Mm]\\.?)?"
                    + "(?:\\] | - )(.*)");

    /** A message that is only a placeholder: Android writes its own, in any language, inside angle brackets. */
    private static final Pattern MEDIA = Pattern.compile(
            "<[^<>]+>|.*\\(file attached\\)"
                    + "|(?:.* )?(?:image|video|sticker|GIF|audio|document|Contact card) omitted");
    private static final Pattern DELETED = Pattern.compile(
            "(?:This message was deleted|You deleted this message|Diese Nachricht wurde gelöscht"
                    + "|Du hast diese Nachricht gelöscht)\\.?");
    private static final int DELETED_MAX_LENGTH = 40;
    private static final Pattern DIRECTION_MARKS = Pattern.compile("[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");
    private static final String EDITED_MARK = "<This message was edited>";
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+[\\d ()-]{6,}\\d");
    private static final Pattern TITLE = Pattern.compile("WhatsApp[ -]Chat (?:with|mit|-) (.+?)(?:\\.txt|\\.zip)?");

    @Override
    public Format format() {
        return Format.WHATSAPP;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        var drafts = new ArrayList<Draft>();
        var dateOrder = new DateOrder();
        Draft current = null;
        var lines = new Utf8Lines(in, fileName);
        String line;
        while ((line = lines.next()) != null) {
            String stripped = stripLeadingMarks(line);
            Matcher header = startsLikeHeader(stripped) ? HEADER.matcher(stripped) : null;
            if (header != null && header.matches()) {
                current = draft(header, lines.lineNumber(), dateOrder);
                drafts.add(current);
            } else if (current != null) {
                current.text.append('\n').append(stripped);
            } else if (!stripped.isBlank()) {
                throw new InvalidInputException(lines.location() + " does not start with a WhatsApp message line such as "
                        + "\"06/03/2017, 00:45 - Name: text\" or \"[06/03/2017, 00:45:12] Name: text\"", lines.location());
            }
        }
        boolean dayFirst = dateOrder.dayFirst();
        var messages = new ArrayList<ChatMessage>(drafts.size());
        for (Draft draft : drafts) {
            ChatMessage message = draft.toMessage(dayFirst, fileName, sink);
            if (message != null) {
                messages.add(message);
            }
        }
        if (!messages.isEmpty()) {
            messages.sort(Comparator.comparing(ChatMessage::sentAt));
            sink.conversation(new Conversation(fileName, title(fileName), messages));
        }
    }

    private static boolean startsLikeHeader(String line) {
        if (line.isEmpty()) {
            return false;
        }
        char first = line.charAt(0);
        return first == '[' || (first >= '0' && first <= '9');
    }

    private static Draft draft(Matcher header, int line, DateOrder dateOrder) {
        var timestamp = new RawTimestamp(header.group(1), header.group(2), header.group(3), header.group(4),
                header.group(5), header.group(6), header.group(7), line);
        dateOrder.observe(timestamp);
        String rest = header.group(8);
        // iOS marks the lines WhatsApp writes itself ("‎Alice added Bob") with a left-to-right mark
        int colon = !rest.isEmpty() && rest.charAt(0) == LRM ? -1 : rest.indexOf(": ");
        if (colon < 0 && rest.endsWith(":") && rest.indexOf(':') == rest.length() - 1) {
            colon = rest.length() - 1; // "Alice:" followed by a message that begins on the next line
        }
        if (colon <= 0) {
            return new Draft(timestamp, null, new StringBuilder(rest));
        }
        String author = authorName(rest.substring(0, colon));
        String text = rest.substring(Math.min(rest.length(), colon + 2));
        return new Draft(timestamp, author, new StringBuilder(text));
    }

    static String title(String fileName) {
        String name = fileName;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String base = name.substring(slash + 1);
        Matcher m = TITLE.matcher(base);
        if (m.matches()) {
            return m.group(1);
        }
        if (slash > 0) { // "WhatsApp Chat - Alice/_chat.txt", an unpacked iOS zip
            String parent = name.substring(0, slash);
            Matcher p = TITLE.matcher(parent.substring(Math.max(parent.lastIndexOf('/'), parent.lastIndexOf('\\')) + 1));
            if (p.matches()) {
                return p.group(1);
            }
        }
        return "";
    }

    private static String stripLeadingMarks(String s) {
        int i = 0;
        while (i < s.length() && isDirectionMark(s.charAt(i))) {
            i++;
        }
        return i == 0 ? s : s.substring(i);
    }

    /** Direction marks and embeddings WhatsApp wraps around names and phone numbers. */
    private static boolean isDirectionMark(char c) {
        return c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    private static String authorName(String s) {
        String author = s;
        for (int i = 0; i < s.length(); i++) {
            if (isDirectionMark(s.charAt(i))) {
                author = DIRECTION_MARKS.matcher(s).replaceAll("");
                break;
            }
        }
        author = author.strip();
        // newer exports prefix group members who are not in the phone's contacts with "~ "
        if (author.startsWith("~")) {
            author = author.substring(1).replace("\u202F", "").strip();
        }
        return author;
    }

    /** One message as read: its text grows with continuation lines until the next header. */
    private record Draft(RawTimestamp timestamp, String author, StringBuilder text) {
        ChatMessage toMessage(boolean dayFirst, String fileName, ExportSink sink) throws InvalidInputException {
            if (author == null) {
                sink.skipped("system");
                return null;
            }
            String raw = stripTrailingBlankLines(text);
            boolean markedByWhatsApp = !raw.isEmpty() && raw.charAt(0) == LRM;
            String body = withoutEditedMark(stripLeadingMarks(raw));
            if (isPlaceholder(body)) {
                sink.skipped("media");
                return null;
            }
            if (body.length() <= DELETED_MAX_LENGTH && DELETED.matcher(body).matches()) {
                sink.skipped("deleted");
                return null;
            }
            String caption = withoutLeadingAttachmentLine(body);
            if (markedByWhatsApp && caption.equals(body)) { // "‎Missed voice call", "‎Location: …"
                sink.skipped("system");
                return null;
            }
            if (caption.isBlank()) {
                sink.skipped("empty");
                return null;
            }
            String address = author.startsWith("+") && PHONE_NUMBER.matcher(author).matches() ? author : null;
            return new ChatMessage(author, address, timestamp.toInstant(dayFirst, fileName), caption, null, null, List.of());
        }
    }

    /** Android puts a caption after the attachment's own line: keep the caption, drop the file name. */
    private static String withoutLeadingAttachmentLine(String body) {
        int newline = body.indexOf('\n');
        if (newline < 0) {
            return body;
        }
        String first = stripLeadingMarks(body.substring(0, newline));
        return isPlaceholder(first) ? body.substring(newline + 1) : body;
    }

    /** Most messages end in none of the ways a placeholder ends: skip the regex for them. */
    private static boolean isPlaceholder(String text) {
        boolean mayBe = text.endsWith(">") || text.endsWith(")") || text.endsWith(" omitted");
        return mayBe && MEDIA.matcher(text).matches();
    }

    private static String withoutEditedMark(String text) {
        if (!text.endsWith(EDITED_MARK)) {
            return text;
        }
        int end = text.length() - EDITED_MARK.length();
        while (end > 0 && (Character.isWhitespace(text.charAt(end - 1)) || isDirectionMark(text.charAt(end - 1)))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** Trailing blanks, and the line break after an author whose words begin on the next line. */
    private static String stripTrailingBlankLines(StringBuilder text) {
        int start = text.length() > 0 && text.charAt(0) == '\n' ? 1 : 0;
        int end = text.length();
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** Day-first unless a field in the whole file proves otherwise. */
    private static final class DateOrder {
        private boolean firstAbove12;
        private boolean secondAbove12;

        void observe(RawTimestamp t) {
            if (t.yearFirst()) {
                return;
            }
            firstAbove12 |= t.a > 12;
            secondAbove12 |= t.b > 12;
        }

        boolean dayFirst() {
            return firstAbove12 || !secondAbove12;
        }
    }

    /** The date and time fields of a header line, before the file's date order is known. */
    private static final class RawTimestamp {
        private final int a;
        private final int b;
        private final int c;
        private final boolean yearFirst;
        private final int hour;
        private final int minute;
        private final int second;
        private final int line;

        RawTimestamp(String a, String b, String c, String hour, String minute, String second, String amPm,
                     int line) {
            this.a = Integer.parseInt(a);
            this.b = Integer.parseInt(b);
            this.c = Integer.parseInt(c);
            this.yearFirst = a.length() == 4;
            int h = Integer.parseInt(hour);
            if (amPm != null && h <= 12) {
                boolean pm = amPm.charAt(0) == 'p' || amPm.charAt(0) == 'P';
                h = (h % 12) + (pm ? 12 : 0);
            }
            this.hour = h;
            this.minute = Integer.parseInt(minute);
            this.second = second == null ? 0 : Integer.parseInt(second);
            this.line = line;
        }

        boolean yearFirst() {
            return yearFirst;
        }

        Instant toInstant(boolean dayFirst, String fileName) throws InvalidInputException {
            String location = fileName + ":" + line;
            int year = yearFirst ? a : (c < 100 ? 2000 + c : c);
            int month = yearFirst ? b : (dayFirst ? b : a);
            int day = yearFirst ? c : (dayFirst ? a : b);
            if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)
                    || hour > 23 || minute > 59 || second > 59) {
                throw new InvalidInputException(location + " has an impossible date or time (read as " + year + "-"
                        + month + "-" + day + " " + hour + ":" + minute + ":" + second + ", "
                        + (dayFirst ? "day" : "month") + " first as the rest of the file)", location);
            }
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400L + hour * 3600L + minute * 60L + second);
        }

        private static int daysIn(int year, int month) {
            return YearMonth.of(year, month).lengthOfMonth();
        }
    }
}
