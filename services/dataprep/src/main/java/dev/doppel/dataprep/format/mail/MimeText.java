package dev.doppel.dataprep.format.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable text of a message body: MIME multiparts walked to any depth (mixed → alternative →
 * related …), text/plain preferred over text/html in an alternative, transfer encodings and
 * charsets decoded. Everything that is not text (files, inline images, forwarded messages) is an
 * attachment: counted, not read.
 */
final class MimeText {
    /** Deeper nesting than any mailer writes: a crafted message must not exhaust the stack. */
    private static final int MAX_DEPTH = 24;
    private static final int MAX_PARTS = 1000;

    private final byte[] buf;
    private final StringBuilder text = new StringBuilder();
    private int attachments;

    private MimeText(byte[] buf) {
        this.buf = buf;
    }

    /** The body's text and how many attachments it carried. */
    record Body(String text, int attachments) {
    }

    static Body of(byte[] buf, MailHeaders headers, int to) {
        MimeText walker = new MimeText(buf);
        walker.entity(headers, headers.bodyStart(), to, 0, true);
        return new Body(walker.text.toString(), walker.attachments);
    }

    private void entity(MailHeaders headers, int from, int to, int depth, boolean top) {
        ContentType type = ContentType.parse(headers.get(MailHeaders.CONTENT_TYPE));
        if (type.isMultipart()) {
            String boundary = type.param("boundary");
            if (boundary != null && !boundary.isEmpty() && depth < MAX_DEPTH) {
                multipart(type, parts(from, to, boundary), depth);
                return;
            }
            type = ContentType.TEXT_PLAIN; // a multipart without a boundary: read it as the text it is
        }
        if (!top && isAttachment(type, headers)) {
            attachments++;
        } else if (type.is("text/plain") || type.type().equals("text")) {
            append(decode(headers, type, from, to));
        } else if (type.is("text/html")) {
            append(HtmlToText.convert(decode(headers, type, from, to)));
        } else {
            attachments++;
        }
    }

    private void multipart(ContentType type, List<Part> parts, int depth) {
        if (type.is("multipart/alternative")) {
            alternative(parts, depth);
        } else if (type.is("multipart/related") && !parts.isEmpty()) {
            // the root part is the body; the rest are the images and styles it refers to
            Part root = parts.getFirst();
            entity(root.headers, root.headers.bodyStart(), root.to, depth + 1, false);
            attachments += parts.size() - 1;
        } else {
            for (Part part : parts) {
                entity(part.headers, part.headers.bodyStart(), part.to, depth + 1, false);
            }
        }
    }

    /** The first text/plain alternative that has text, else a nested multipart, else HTML. */
    private void alternative(List<Part> parts, int depth) {
        for (String wanted : new String[] {"text/plain", "multipart/", "text/html"}) {
            for (Part part : parts) {
                ContentType type = ContentType.parse(part.headers.get(MailHeaders.CONTENT_TYPE));
                if (!type.type().startsWith(wanted)) {
                    continue;
                }
                int length = text.length();
                int attachmentsBefore = attachments;
                entity(part.headers, part.headers.bodyStart(), part.to, depth + 1, false);
                if (!text.substring(length).isBlank()) {
                    return;
                }
                text.setLength(length); // an empty alternative (some mailers send one): try the next
                attachments = attachmentsBefore;
            }
        }
    }

    private static boolean isAttachment(ContentType type, MailHeaders headers) {
        ContentType disposition = ContentType.parse(headers.get(MailHeaders.DISPOSITION));
        if (disposition.type().startsWith("attachment")) {
            return true;
        }
        // a text part with a file name is an attached file, even when shown inline
        return type.type().startsWith("text/") && (type.param("name") != null || disposition.param("filename") != null);
    }

    private String decode(MailHeaders headers, ContentType type, int from, int to) {
        String encoding = headers.get(MailHeaders.TRANSFER_ENCODING);
        TransferEncoding.Decoded bytes = TransferEncoding.decode(buf, from, to, encoding);
        return MailCharsets.decode(bytes.bytes(), bytes.from(), bytes.to(), type.param("charset"));
    }

    private void append(String part) {
        if (part.isBlank()) {
            return;
        }
        if (!text.isEmpty()) {
            text.append("\n\n");
        }
        text.append(part);
    }

    /** A body part: its header block (which knows where its body starts) and its end. */
    private record Part(MailHeaders headers, int to) {
    }

    /**
     * The parts between {@code --boundary} lines (RFC 2046 §5.1.1). The preamble and epilogue are
     * dropped; a missing close delimiter ends the last part at the end of the body.
     */
    private List<Part> parts(int from, int to, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int partStart = -1;
        int line = from;
        while (line < to && parts.size() < MAX_PARTS) {
            int eol = MailHeaders.indexOf(buf, (byte) '\n', line, to);
            int next = eol < 0 ? to : eol + 1;
            if (startsWith(line, to, delimiter)) {
                int after = line + delimiter.length;
                boolean close = after + 1 < to && buf[after] == '-' && buf[after + 1] == '-';
                if (close || restIsBlank(after, eol < 0 ? to : eol)) {
                    if (partStart >= 0) {
                        parts.add(part(partStart, lineBreakBefore(line, partStart)));
                    }
                    if (close) {
                        return parts;
                    }
                    partStart = next;
                }
            }
            line = next;
        }
        if (partStart >= 0 && partStart < to) {
            parts.add(part(partStart, to));
        }
        return parts;
    }

    private Part part(int from, int to) {
        return new Part(MailHeaders.parse(buf, from, to), to);
    }

    /** The CRLF before a delimiter belongs to the delimiter, not to the part. */
    private int lineBreakBefore(int delimiterLine, int partStart) {
        int end = delimiterLine;
        if (end > partStart && buf[end - 1] == '\n') {
            end--;
        }
        if (end > partStart && buf[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    private boolean startsWith(int at, int to, byte[] prefix) {
        if (to - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private boolean restIsBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
