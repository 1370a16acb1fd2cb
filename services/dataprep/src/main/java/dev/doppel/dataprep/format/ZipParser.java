package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/** Placeholder until zip lands: each entry detected and parsed by its own format, with size limits. */
public final class ZipParser implements ExportParser {
    @Override
    public Format format() {
        return Format.ZIP;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        throw new UnsupportedOperationException("ZIP is not implemented yet");
    }
}
