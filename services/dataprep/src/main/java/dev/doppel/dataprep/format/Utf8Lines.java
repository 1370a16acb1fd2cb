package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a UTF-8 text upload line by line, strictly: a byte sequence that is not UTF-8 stops it with
 * an error naming the file, line and absolute byte offset, and a line longer than the limit is
 * refused rather than buffered. A leading byte-order mark is dropped; {@code \r\n} and {@code \n}
 * both end a line.
 *
 * <pre>{@code
 * try (var lines = new Utf8Lines(in, "chat.txt")) {
 *     String line;
 *     while ((line = lines.next()) != null) { … lines.lineNumber() … }
 * }
 * }</pre>
 */
public final class Utf8Lines implements AutoCloseable {
    /** Default per-line limit: a chat message or CSV record, not a megabyte blob. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final String fileName;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[256];
    private long offset;          // bytes consumed before the current chunk position
    private long lineStartOffset; // absolute offset of the current line's first byte
    private int lineNumber;
    private boolean first = true;

    public Utf8Lines(InputStream in, String fileName) {
        this(in, fileName, DEFAULT_MAX_LINE_BYTES);
    }

    public Utf8Lines(InputStream in, String fileName, int maxLineBytes) {
        this.in = in;
        this.fileName = fileName;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator, or null at the end of the input. */
    public String next() throws IOException, InvalidInputException {
        int length = 0;
        lineStartOffset = offset;
        boolean sawAny = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                chunkEnd = in.read(chunk, 0, chunk.length);
                chunkPos = 0;
                if (chunkEnd <= 0) {
                    chunkEnd = 0;
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
            }
            sawAny = true;
            byte b = chunk[chunkPos++];
            offset++;
            if (b == '\n') {
                break;
            }
            if (length == maxLineBytes) {
                throw new InvalidInputException("line " + (lineNumber + 1) + " of " + fileName + " is longer than "
                        + maxLineBytes + " bytes", fileName + ":" + (lineNumber + 1));
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
            }
            line[length++] = b;
        }
        lineNumber++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        int start = 0;
        if (first) {
            first = false;
            if (length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                start = 3;
            }
        }
        int bad = Utf8.firstInvalidByte(line, start, length);
        if (bad >= 0) {
            long at = lineStartOffset + bad;
            throw new InvalidInputException(fileName + " is not valid UTF-8: line " + lineNumber + ", byte offset " + at
                    + " (0x" + Integer.toHexString(line[bad] & 0xFF).toUpperCase() + ")", fileName + "@" + at);
        }
        return new String(line, start, length - start, StandardCharsets.UTF_8);
    }

    /** 1-based number of the line {@link #next()} returned last. */
    public int lineNumber() {
        return lineNumber;
    }

    /** Absolute byte offset at which that line starts. */
    public long lineStartOffset() {
        return lineStartOffset;
    }

    public String fileName() {
        return fileName;
    }

    /** {@code fileName:line} of the current line, as an error location. */
    public String location() {
        return fileName + ":" + lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
