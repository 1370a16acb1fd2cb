package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.format.ExportParser;
import dev.doppel.dataprep.format.ExportSink;
import dev.doppel.dataprep.format.Format;
import java.io.IOException;
import java.io.InputStream;

/**
 * An mbox (RFC 4155): Thunderbird folders, Google Takeout, Apple Mail exports. Streams: one message
 * in memory at a time. Each mail's source is {@code file#N}, N its 1-based number in the file. Only
 * a file that is not an mbox at all is an error; one broken message (garbage base64, no header
 * block, larger than {@link #MAX_MAIL_BYTES}) is counted as skipped and the rest of the file is read.
 */
public final class MboxParser implements ExportParser {
    public static final int MAX_MAIL_BYTES = EmlParser.MAX_BYTES;

    @Override
    public Format format() {
        return Format.MBOX;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        MboxReader reader = new MboxReader(in, fileName, MAX_MAIL_BYTES);
        while (reader.next()) {
            if (reader.oversized()) {
                sink.skipped("oversized mail");
                continue;
            }
            byte[] bytes = reader.bytes();
            MailHeaders headers = MailHeaders.parse(bytes, 0, reader.length());
            if (headers.fieldCount() == 0) {
                sink.skipped("unreadable mail");
                continue;
            }
            try {
                MailReader.emit(bytes, headers, reader.length(), fileName + "#" + reader.number(), sink);
            } catch (RuntimeException e) {
                // One mail the decoders choke on must not cost the owner the rest of the mailbox.
                sink.skipped("unreadable mail");
            }
        }
    }
}
