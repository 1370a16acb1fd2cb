package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/** Placeholder until CSV/TSV lands: prompt and response columns, RFC 4180 quoting, header detection. */
public final class DelimitedParser implements ExportParser {
    private final Format format;

    public DelimitedParser(Format format) {
        if (format != Format.CSV && format != Format.TSV) {
            throw new IllegalArgumentException("CSV or TSV, not " + format);
        }
        this.format = format;
    }

    @Override
    public Format format() {
        return format;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        throw new UnsupportedOperationException(format + " is not implemented yet");
    }
}
