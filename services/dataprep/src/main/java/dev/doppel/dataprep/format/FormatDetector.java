package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Guesses a file's format from its name and its first bytes ({@code head}, up to {@link #HEAD_BYTES}).
 * Content wins over the extension where the two could disagree ({@code .txt} holds WhatsApp chats,
 * {@code .json} Telegram or Messenger exports, {@code .jsonl} either OpenAI format); an extension wins
 * where content is ambiguous ({@code .csv}, {@code .tsv}: a first cell may look like a WhatsApp
 * timestamp; {@code .mbox}, {@code .eml}). Binary data, or text that is not UTF-8 and not mail, is
 * refused with an error that asks the owner to declare the format.
 */
public final class FormatDetector {
    /** How much of a file {@link #detect} wants to see. */
    public static final int HEAD_BYTES = 64 * 1024;

    private static final Pattern WHATSAPP = Pattern.compile(
            "^\\[?\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4},?[ \\u00A0\\u202F]\\d{1,2}[:.]\\d{2}");
    /** RFC 4155's separator: {@code From sender@example.com Sat Jan  3 01:05:34 1996}. */
    private static final Pattern MBOX_FROM = Pattern.compile(
            "^From \\S+ +(?:\\S*@|.*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\b|.*\\d{1,2}:\\d{2})");
    private static final Pattern HEADER = Pattern.compile("^[!-9;-~]+:");
    private static final Set<String> MAIL_HEADERS = Set.of("received", "from", "return-path", "message-id", "date",
            "subject", "mime-version", "to", "delivered-to", "x-gm-thrid", "content-type");

    /** Top-level keys of a full Telegram export; {@code chats} may come after a head's worth of contacts. */
    private static final Set<String> TELEGRAM_FULL_EXPORT_KEYS = Set.of("chats", "left_chats", "personal_information",
            "frequent_contacts", "profile_pictures");

    private FormatDetector() {
    }

    /**
     * The format a tenant declared ({@link Format#id()}), or, when they declared {@code auto} or
     * nothing, the one {@link #detect(String, byte[])} finds.
     *
     * @throws InvalidInputException for an unknown id (listing the valid ones) or an undetectable file
     */
    public static Format detect(String declared, String fileName, byte[] head) throws InvalidInputException {
        if (declared == null || declared.isBlank() || declared.strip().equalsIgnoreCase(Format.AUTO)) {
            return detect(fileName, head);
        }
        return Format.byId(declared.strip()).orElseThrow(() -> new InvalidInputException("unknown format \""
                + declared + "\"; use one of: " + Format.AUTO + ", "
                + Arrays.stream(Format.values()).map(Format::id).collect(Collectors.joining(", ")), "format"));
    }

    /**
     * The format of a file from its name and its first bytes ({@code head}, up to 64 KiB).
     *
     * @throws InvalidInputException when nothing matches, naming the file
     */
    public static Format detect(String fileName, byte[] head) throws InvalidInputException {
        int length = Math.min(head.length, HEAD_BYTES);
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6)) {
            return Format.ZIP;
        }
        for (int i = 0; i < length; i++) {
            if (head[i] == 0) {
                throw undetectable(fileName, "it holds binary data (a NUL byte at offset " + i + ")", fileName + "@" + i);
            }
        }
        String extension = extension(fileName);
        switch (extension) {
            case "zip" -> {
                return Format.ZIP;
            }
            case "mbox" -> {
                return Format.MBOX;
            }
            case "eml" -> {
                return Format.EML;
            }
            default -> {
            }
        }
        int start = startsWithBom(head, length) ? 3 : 0;
        String text = new String(head, start, length - start, StandardCharsets.UTF_8);
        // Mail comes first: it is allowed 8-bit charsets other than UTF-8.
        String firstLine = firstNonEmptyLine(text);
        if (!extension.equals("csv") && !extension.equals("tsv")) {
            if (MBOX_FROM.matcher(firstLine).find() || text.startsWith("From ") && countFromLines(text) >= 2) {
                return Format.MBOX;
            }
            if (looksLikeMailHeaders(text)) {
                return Format.EML;
            }
        }
        int bad = Utf8.firstInvalidByte(head, start, length);
        if (bad >= 0 && !(length == HEAD_BYTES && bad >= length - 3)) { // a head may cut a character in two
            throw undetectable(fileName, "it is not UTF-8 text (byte 0x"
                    + Integer.toHexString(head[bad] & 0xFF).toUpperCase(Locale.ROOT) + " at offset " + bad
                    + "); save it as UTF-8", fileName + "@" + bad);
        }
        switch (extension) {
            case "csv" -> {
                return Format.CSV;
            }
            case "tsv" -> {
                return Format.TSV;
            }
            default -> {
            }
        }
        if (firstLine.isEmpty()) {
            return Format.TEXT; // nothing to read, whichever parser reads it
        }
        if (firstLine.startsWith("{")) {
            Format json = json(head, start, length, extension);
            if (json != null) {
                return json;
            }
        }
        if (extension.equals("json") || extension.equals("jsonl")) {
            throw undetectable(fileName, "it is JSON of no shape this service knows (OpenAI chat or "
                    + "prompt/completion lines, a Telegram or Messenger export)", fileName);
        }
        if (WHATSAPP.matcher(firstLine).find()) {
            return Format.WHATSAPP;
        }
        return Format.TEXT;
    }

    private static Format json(byte[] head, int start, int length, String extension) {
        if (!extension.equals("jsonl")) {
            JsonHead document = JsonHead.of(head, start, length - start);
            if (document.keys().contains("participants") && (document.firstMessageKeys().contains("sender_name")
                    || document.firstMessageKeys().contains("timestamp_ms"))) {
                return Format.MESSENGER;
            }
            if (TELEGRAM_FULL_EXPORT_KEYS.stream().anyMatch(document.keys()::contains)
                    || document.keys().contains("messages") && document.firstMessageKeys().contains("date")
                    && (document.keys().contains("type") || document.keys().contains("id"))) {
                return Format.TELEGRAM;
            }
        }
        int lineStart = start;
        while (lineStart < length && (head[lineStart] == '\n' || head[lineStart] == '\r'
                || head[lineStart] == ' ' || head[lineStart] == '\t')) {
            lineStart++;
        }
        int lineEnd = lineStart;
        while (lineEnd < length && head[lineEnd] != '\n') {
            lineEnd++;
        }
        JsonHead line = JsonHead.of(head, lineStart, lineEnd - lineStart);
        if (line.keys().contains("messages")) {
            return Format.OPENAI_CHAT;
        }
        if (line.keys().contains("prompt") || line.keys().contains("completion")) {
            return Format.OPENAI_PROMPT_COMPLETION;
        }
        return null;
    }

    /** Two or more header lines (or their folded continuations) and nothing else before the first blank line. */
    private static boolean looksLikeMailHeaders(String text) {
        int headers = 0;
        boolean known = false;
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            boolean cut = end < 0;
            String line = text.substring(at, cut ? text.length() : end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (headers == 0) {
                    return false;
                }
            } else if (HEADER.matcher(line).find()) {
                headers++;
                known |= MAIL_HEADERS.contains(line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT));
            } else if (!cut) {
                return false;
            }
            if (cut) {
                break;
            }
            at = end + 1;
        }
        return headers >= 2 && known;
    }

    private static int countFromLines(String text) {
        int count = 0;
        for (int at = text.indexOf("\nFrom "); at >= 0; at = text.indexOf("\nFrom ", at + 1)) {
            count++;
        }
        return count + 1;
    }

    /** The first line with something on it, without the marks that WhatsApp puts before timestamps. */
    private static String firstNonEmptyLine(String text) {
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            String line = text.substring(at, end < 0 ? text.length() : end)
                    .replace("\u200E", "").replace("\u200F", "").replace("\uFEFF", "").strip();
            if (!line.isEmpty()) {
                return line;
            }
            if (end < 0) {
                break;
            }
            at = end + 1;
        }
        return "";
    }

    private static boolean startsWithBom(byte[] head, int length) {
        return length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
    }

    /** The lower-cased extension of the last path segment ({@code a.zip!/b/Chat.TXT} → {@code txt}). */
    private static String extension(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static InvalidInputException undetectable(String fileName, String why, String location) {
        return new InvalidInputException("cannot tell the format of " + fileName + ": " + why
                + "; declare it", location);
    }
}
