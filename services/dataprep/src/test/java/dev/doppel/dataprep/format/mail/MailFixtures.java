package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.format.ExportParser;
import dev.doppel.dataprep.format.ParsedExport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Parses the fixtures under {@code fixtures/mail/} and inline test mails. */
final class MailFixtures {
    private MailFixtures() {
    }

    static ParsedExport parseFixture(ExportParser parser, String name) throws InvalidInputException {
        try (InputStream in = MailFixtures.class.getResourceAsStream("/fixtures/mail/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            ParsedExport parsed = new ParsedExport();
            parser.parse(in, name, parsed);
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedExport parse(ExportParser parser, String name, String content) throws InvalidInputException {
        return parse(parser, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static ParsedExport parse(ExportParser parser, String name, byte[] content) throws InvalidInputException {
        ParsedExport parsed = new ParsedExport();
        try {
            parser.parse(new ByteArrayInputStream(content), name, parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parsed;
    }
}
