package dev.doppel.cli.lm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one raw RFC 822 mail into the text its author wrote, for a pretraining corpus: headers go, the first
 * text/plain part of a multipart mail is kept (quoted-printable decoded), quoted lines and their "X wrote:" line
 * go, and the body is cut at the first mailing-list footer. HTML-only and base64 bodies are skipped, not guessed.
 * A deliberately small cleaner for the benchmark corpus; the ingest service's mail parser is the full one.
 */
final class MailCleaner {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\s]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTION = Pattern.compile("(?i).*\\b(wrote|writes|said):\\s*$");
    private static final List<String> FOOTERS = List.of(
            "------------------------ Yahoo! Groups Sponsor",
            "_______________________________________________",
            "-------------------------------------------------------",
            "To unsubscribe from this group",
            "Your use of Yahoo! Groups is subject to");

    private MailCleaner() {
    }

    /** The author's text, or empty when the mail has no plain-text body worth keeping. */
    static Optional<String> clean(String raw) {
        Part part = Part.of(raw.replace("\r\n", "\n"));
        Optional<Part> plain = part.firstPlainText();
        if (plain.isEmpty()) {
            return Optional.empty();
        }
        String body = plain.get().decodedBody();
        if (body == null) {
            return Optional.empty();
        }
        StringBuilder kept = new StringBuilder();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (FOOTERS.stream().anyMatch(line::startsWith)) {
                break;
            }
            if (line.stripLeading().startsWith(">") || line.stripLeading().startsWith("|>")) {
                continue;
            }
            if (ATTRIBUTION.matcher(line).matches() && nextNonBlankIsQuote(lines, i + 1)) {
                continue;
            }
            kept.append(line.stripTrailing()).append('\n');
        }
        String text = kept.toString().replaceAll("\n{3,}", "\n\n").strip();
        return text.length() < 20 ? Optional.empty() : Optional.of(text);
    }

    private static boolean nextNonBlankIsQuote(String[] lines, int from) {
        for (int i = from; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                return lines[i].stripLeading().startsWith(">");
            }
        }
        return false;
    }

    /** A MIME entity: its headers (folded lines joined) and its raw body. */
    private record Part(String headers, String body) {

        static Part of(String text) {
            int split = text.indexOf("\n\n");
            if (split < 0) {
                return new Part(text, "");
            }
            return new Part(text.substring(0, split).replaceAll("\n[ \t]+", " "), text.substring(split + 2));
        }

        String header(String name) {
            for (String line : headers.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }

        Optional<Part> firstPlainText() {
            String type = header("Content-Type").toLowerCase(Locale.ROOT);
            if (type.isEmpty() || type.startsWith("text/plain")) {
                return Optional.of(this);
            }
            if (!type.startsWith("multipart/")) {
                return Optional.empty();
            }
            Matcher boundary = BOUNDARY.matcher(header("Content-Type"));
            if (!boundary.find()) {
                return Optional.empty();
            }
            for (String chunk : body.split("\n--" + Pattern.quote(boundary.group(1)))) {
                String child = chunk.startsWith("\n") ? chunk.substring(1) : chunk;
                if (child.startsWith("--")) {
                    break; // the closing delimiter
                }
                Optional<Part> found = Part.of(child).firstPlainText();
                if (found.isPresent() && child.contains("\n\n")) {
                    return found;
                }
            }
            return Optional.empty();
        }

        /** The body as text, or null for an encoding we don't decode (base64: attachments and HTML mailers). */
        String decodedBody() {
            String encoding = header("Content-Transfer-Encoding").toLowerCase(Locale.ROOT);
            if (encoding.contains("base64")) {
                return null;
            }
            return encoding.contains("quoted-printable") ? quotedPrintable(body) : body;
        }
    }

    static String quotedPrintable(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = text.replace("=\n", "").getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '=' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

}
