package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits an mbox (RFC 4155) into its messages as bytes, one message in memory at a time. A message
 * starts at a {@code From } envelope line after a blank line; body lines escaped as {@code >From }
 * (mboxo) or {@code >>From } (mboxrd) lose one {@code >}. Bytes are not decoded here: the charset is
 * each message's own.
 */
final class MboxReader {
    private final InputStream in;
    private final String fileName;
    private final int maxMessageBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;
    private byte[] message = new byte[1 << 16];
    private int length;
    private int lineStart;
    private boolean started;
    private boolean envelopeAhead;
    private int number;
    private boolean oversized;

    MboxReader(InputStream in, String fileName, int maxMessageBytes) {
        this.in = in;
        this.fileName = fileName;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Reads the next message into {@link #bytes()}; false after the last. */
    boolean next() throws IOException, InvalidInputException {
        if (!started) {
            started = true;
            int first = readLine();
            if (first < 0) {
                return false; // an empty mbox: a folder without mail
            }
            if (!startsWithFrom(lineStart, first)) {
                throw new InvalidInputException(fileName + " is not an mbox: line 1 should be a \"From \" line (the"
                        + " envelope line each message of an mbox starts with)", fileName + ":1");
            }
            envelopeAhead = true;
        }
        if (!envelopeAhead) {
            return false;
        }
        envelopeAhead = false;
        number++;
        length = 0;
        oversized = false;
        boolean previousBlank = false;
        int lineLength;
        while ((lineLength = readLine()) >= 0) {
            if (previousBlank && isEnvelope(lineStart, lineLength)) {
                length = lineStart;
                envelopeAhead = true;
                break;
            }
            if (isEscapedFrom(lineStart, lineLength)) {
                System.arraycopy(message, lineStart + 1, message, lineStart, length - lineStart - 1);
                length--;
            }
            previousBlank = lineLength == 0 || (lineLength == 1 && message[lineStart] == '\r');
            if (oversized) {
                length = 0; // only the current line is kept, to see the next envelope
            }
        }
        dropSeparatorLine();
        return true;
    }

    /** The current message, without its envelope line: [0, length()). */
    byte[] bytes() {
        return message;
    }

    int length() {
        return length;
    }

    /** 1-based number of the current message in the file. */
    int number() {
        return number;
    }

    /** The message was larger than the limit and its bytes were dropped. */
    boolean oversized() {
        return oversized;
    }

    /** The blank line before an envelope separates messages; it is not the body's. */
    private void dropSeparatorLine() {
        if (length >= 2 && message[length - 1] == '\n' && message[length - 2] == '\n') {
            length--;
        } else if (length >= 4 && message[length - 1] == '\n' && message[length - 2] == '\r'
                && message[length - 3] == '\n') {
            length -= 2;
        }
    }

    /**
     * Appends the next line, with its line break, at {@link #length}; sets {@link #lineStart} and returns
     * the line's length without the {@code \n}, or -1 at the end of the input.
     */
    private int readLine() throws IOException {
        lineStart = length;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                chunkEnd = in.read(chunk, 0, chunk.length);
                chunkPos = 0;
                if (chunkEnd <= 0) {
                    chunkEnd = 0;
                    if (!any) {
                        return -1;
                    }
                    return length - lineStart;
                }
            }
            any = true;
            int end = chunkPos;
            while (end < chunkEnd && chunk[end] != '\n') {
                end++;
            }
            boolean lineEnds = end < chunkEnd;
            int take = (lineEnds ? end + 1 : end) - chunkPos;
            append(chunk, chunkPos, take);
            chunkPos += take;
            if (lineEnds) {
                return length - lineStart - 1;
            }
        }
    }

    private void append(byte[] src, int from, int count) {
        if (length + count > maxMessageBytes) {
            if (!oversized) {
                oversized = true;
                // drop the message, keep the line being read: it may be the next envelope
                System.arraycopy(message, lineStart, message, 0, length - lineStart);
                length -= lineStart;
                lineStart = 0;
            }
            count = Math.min(count, Math.max(0, maxMessageBytes - length));
        }
        if (length + count > message.length) {
            message = Arrays.copyOf(message, Math.min(Math.max(message.length * 2, length + count), maxMessageBytes));
        }
        System.arraycopy(src, from, message, length, count);
        length += count;
    }

    private boolean startsWithFrom(int at, int lineLength) {
        return lineLength >= 5 && message[at] == 'F' && message[at + 1] == 'r' && message[at + 2] == 'o'
                && message[at + 3] == 'm' && message[at + 4] == ' ';
    }

    /**
     * An envelope is {@code From sender date}: its time ({@code 12:36}) tells it from a body line
     * that merely starts with "From " after a blank line, which mboxo writers leave unescaped.
     */
    private boolean isEnvelope(int at, int lineLength) {
        if (!startsWithFrom(at, lineLength) || lineLength < 7 || message[at + 5] == ' ') {
            return false;
        }
        for (int i = at + 6; i + 3 < at + lineLength; i++) {
            if (message[i] == ':' && isDigit(message[i - 1]) && isDigit(message[i + 1]) && isDigit(message[i + 2])) {
                return true;
            }
        }
        return false;
    }

    private boolean isEscapedFrom(int at, int lineLength) {
        int i = at;
        int end = at + lineLength;
        while (i < end && message[i] == '>') {
            i++;
        }
        return i > at && end - i >= 5 && message[i] == 'F' && message[i + 1] == 'r' && message[i + 2] == 'o'
                && message[i + 3] == 'm' && message[i + 4] == ' ';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
