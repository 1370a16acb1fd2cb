package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reading fixtures and running a parser over bytes, for the format tests. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedExport parse(ExportParser parser, byte[] bytes, String fileName) throws IOException, InvalidInputException {
        var export = new ParsedExport();
        parser.parse(new ByteArrayInputStream(bytes), fileName, export);
        return export;
    }

    static ParsedExport parse(ExportParser parser, String text, String fileName) throws IOException, InvalidInputException {
        return parse(parser, text.getBytes(StandardCharsets.UTF_8), fileName);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
