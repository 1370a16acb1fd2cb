package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/** Placeholder until this format's parser lands. */
public final class WhatsAppParser implements ExportParser {
    @Override
    public Format format() {
        return Format.WHATSAPP;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        throw new UnsupportedOperationException("WHATSAPP is not implemented yet");
    }
}
