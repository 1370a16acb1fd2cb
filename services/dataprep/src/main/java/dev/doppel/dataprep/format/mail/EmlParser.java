package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.format.ExportParser;
import dev.doppel.dataprep.format.ExportSink;
import dev.doppel.dataprep.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A single RFC 5322 message (an {@code .eml} file). A leading mbox {@code From } line is accepted and
 * skipped, since single mails saved out of a mailbox (the SpamAssassin corpus among them) keep it.
 * The message is read whole (one mail, with its attachments, up to {@link #MAX_BYTES}).
 */
public final class EmlParser implements ExportParser {
    /** Larger than any mail server accepts; beyond it a file is not one mail. */
    public static final int MAX_BYTES = 64 << 20;

    @Override
    public Format format() {
        return Format.EML;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        byte[] buffer = new byte[Math.clamp(in.available() + 1L, 8192, MAX_BYTES + 1)];
        int length = 0;
        int read;
        while ((read = in.read(buffer, length, buffer.length - length)) > 0) {
            length += read;
            if (length == buffer.length) {
                if (length > MAX_BYTES) {
                    throw new InvalidInputException(fileName + " is larger than " + (MAX_BYTES >> 20)
                            + " MiB, too large for a single mail", fileName + "@" + MAX_BYTES);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(length * 2L, MAX_BYTES + 1L));
            }
        }
        parse(buffer, length, fileName, sink);
    }

    /** Parses a mail already in memory: bytes [0, length). */
    public void parse(byte[] bytes, int length, String fileName, ExportSink sink) throws InvalidInputException {
        int start = 0;
        int line = 1;
        if (startsWithFromLine(bytes, length)) {
            int eol = MailHeaders.indexOf(bytes, (byte) '\n', 0, length);
            start = eol < 0 ? length : eol + 1;
            line = 2;
        }
        MailHeaders headers = MailHeaders.parse(bytes, start, length);
        if (headers.fieldCount() == 0) {
            throw new InvalidInputException(fileName + " is not a mail: line " + line
                    + " should start its header block (like \"From: Alice <alice@example.com>\")",
                    fileName + ":" + line);
        }
        MailReader.emit(bytes, headers, length, fileName, sink);
    }

    private static boolean startsWithFromLine(byte[] bytes, int length) {
        return length >= 5 && bytes[0] == 'F' && bytes[1] == 'r' && bytes[2] == 'o' && bytes[3] == 'm'
                && bytes[4] == ' ';
    }
}
