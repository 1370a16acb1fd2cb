package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/** Placeholder until this format's parser lands. */
public final class TelegramParser implements ExportParser {
    @Override
    public Format format() {
        return Format.TELEGRAM;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        throw new UnsupportedOperationException("TELEGRAM is not implemented yet");
    }
}
