package dev.doppel.dataprep.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the test fixtures and runs a parser over them or over inline text. */
final class ChatFixtures {
    private ChatFixtures() {
    }

    static ParsedExport parseFixture(ExportParser parser, String path) throws IOException, InvalidInputException {
        try (InputStream in = open(path)) {
            var sink = new ParsedExport();
            parser.parse(in, path, sink);
            return sink;
        }
    }

    static ParsedExport parse(ExportParser parser, String fileName, String content)
            throws IOException, InvalidInputException {
        return parse(parser, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    static ParsedExport parse(ExportParser parser, String fileName, byte[] content)
            throws IOException, InvalidInputException {
        var sink = new ParsedExport();
        parser.parse(new ByteArrayInputStream(content), fileName, sink);
        return sink;
    }

    static Conversation single(ParsedExport export) {
        assertEquals(1, export.conversations().size(), "conversations");
        return export.conversations().get(0);
    }

    static InputStream open(String path) {
        InputStream in = ChatFixtures.class.getResourceAsStream("/fixtures/" + path);
        if (in == null) {
            throw new UncheckedIOException(new IOException("no fixture " + path));
        }
        return in;
    }
}
