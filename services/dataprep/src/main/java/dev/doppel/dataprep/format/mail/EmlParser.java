package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.format.ExportParser;
import dev.doppel.dataprep.format.ExportSink;
import dev.doppel.dataprep.format.Format;
import java.io.IOException;
import java.io.InputStream;

/** Placeholder until this format's parser lands. */
public final class EmlParser implements ExportParser {
    @Override
    public Format format() {
        return Format.EML;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        throw new UnsupportedOperationException("EML is not implemented yet");
    }
}
