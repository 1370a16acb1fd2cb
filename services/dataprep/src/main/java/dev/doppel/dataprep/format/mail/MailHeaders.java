package dev.doppel.dataprep.format.mail;

import java.nio.charset.StandardCharsets;

/**
 * The header block of a message or of a MIME part, read straight from its bytes. Only the fields the
 * parsers use are turned into strings (a 2002 list mail carries 30 Received lines nobody reads), each
 * unfolded (RFC 5322 §2.2.3) and decoded from raw 8-bit as UTF-8 when valid, else windows-1252.
 * The block ends at the first empty line, or at the first line that is neither a field nor a
 * continuation, where sloppy mailers begin the body without one.
 */
final class MailHeaders {
    static final int FROM = 0;
    static final int SUBJECT = 1;
    static final int DATE = 2;
    static final int MESSAGE_ID = 3;
    static final int IN_REPLY_TO = 4;
    static final int REFERENCES = 5;
    static final int CONTENT_TYPE = 6;
    static final int TRANSFER_ENCODING = 7;
    static final int DISPOSITION = 8;

    private static final byte[][] NAMES = names("from", "subject", "date", "message-id", "in-reply-to", "references",
            "content-type", "content-transfer-encoding", "content-disposition");

    private final String[] values = new String[NAMES.length];
    private int fieldCount;
    private int bodyStart;

    private MailHeaders() {
    }

    /** Reads the header block that starts at {@code from}; the body starts at {@link #bodyStart()}. */
    static MailHeaders parse(byte[] buf, int from, int to) {
        MailHeaders headers = new MailHeaders();
        headers.read(buf, from, to);
        return headers;
    }

    String get(int field) {
        return values[field];
    }

    /** How many fields the block holds; 0 means the text had no header block at all. */
    int fieldCount() {
        return fieldCount;
    }

    int bodyStart() {
        return bodyStart;
    }

    private void read(byte[] buf, int from, int to) {
        int field = -1;        // index into NAMES of the field being read, or -1
        int valueStart = 0;
        int valueEnd = 0;
        int pos = from;
        while (pos < to) {
            int eol = indexOf(buf, (byte) '\n', pos, to);
            int next = eol < 0 ? to : eol + 1;
            int lineEnd = eol < 0 ? to : eol;
            if (lineEnd > pos && buf[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (lineEnd == pos) {
                store(field, buf, valueStart, valueEnd);
                bodyStart = next;
                return;
            }
            byte first = buf[pos];
            if (first == ' ' || first == '\t') {
                if (fieldCount == 0) {
                    break;
                }
                valueEnd = lineEnd; // a continuation: unfolded when stored
                pos = next;
                continue;
            }
            int colon = nameEnd(buf, pos, lineEnd);
            if (colon < 0) {
                break;
            }
            store(field, buf, valueStart, valueEnd);
            field = fieldIndex(buf, pos, colon);
            fieldCount++;
            valueStart = colon + 1;
            valueEnd = lineEnd;
            pos = next;
        }
        store(field, buf, valueStart, valueEnd);
        bodyStart = pos;
    }

    private void store(int field, byte[] buf, int from, int to) {
        if (field >= 0 && values[field] == null) { // the first of repeated fields counts
            values[field] = unfold(buf, from, to);
        }
    }

    /** Index of the colon ending a field name (printable ASCII, obsolete spaces before the colon allowed), or -1. */
    private static int nameEnd(byte[] buf, int from, int to) {
        int i = from;
        while (i < to && buf[i] > 32 && buf[i] < 127 && buf[i] != ':') {
            i++;
        }
        if (i == from) {
            return -1;
        }
        while (i < to && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        return i < to && buf[i] == ':' ? i : -1;
    }

    private static int fieldIndex(byte[] buf, int from, int colon) {
        int end = colon;
        while (end > from && (buf[end - 1] == ' ' || buf[end - 1] == '\t')) {
            end--;
        }
        int length = end - from;
        outer:
        for (int f = 0; f < NAMES.length; f++) {
            byte[] name = NAMES[f];
            if (name.length != length) {
                continue;
            }
            for (int k = 0; k < length; k++) {
                int b = buf[from + k];
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (b != name[k]) {
                    continue outer;
                }
            }
            return f;
        }
        return -1;
    }

    /** The value without its line breaks and outer whitespace. */
    static String unfold(byte[] buf, int from, int to) {
        while (from < to && (buf[from] == ' ' || buf[from] == '\t')) {
            from++;
        }
        while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t' || buf[to - 1] == '\r' || buf[to - 1] == '\n')) {
            to--;
        }
        boolean folded = indexOf(buf, (byte) '\n', from, to) >= 0;
        if (!folded) {
            return MailCharsets.decodeGuessingLatin(buf, from, to);
        }
        byte[] joined = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b != '\r' && b != '\n') {
                joined[n++] = b;
            }
        }
        return MailCharsets.decodeGuessingLatin(joined, 0, n);
    }

    static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
