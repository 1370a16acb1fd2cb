package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one upload of one format. Parsers stream: they never need the whole file in memory, and the
 * first problem stops them with an {@link InvalidInputException} naming the line or byte offset (and
 * the file, {@code fileName}, since a zip holds many). Nothing a user uploads may throw anything else
 * except an {@link IOException} of the stream itself.
 */
public interface ExportParser {
    Format format();

    void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException;
}
