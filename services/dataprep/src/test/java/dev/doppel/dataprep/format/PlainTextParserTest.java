package dev.doppel.dataprep.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.doppel.dataprep.Document;
import dev.doppel.dataprep.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlainTextParserTest {
    @Test
    void eachParagraphIsADocumentNamedByItsFirstLine() throws Exception {
        var documents = Fixtures.parse(new PlainTextParser(), Fixtures.bytes("text/corpus.txt"), "notes.txt").documents();
        assertEquals(List.of(
                new Document("notes.txt:1", "Field notes, spring"),
                new Document("notes.txt:3", "The heron came back to the pond on Tuesday. It stood on the\n"
                        + "same stone as last year, as if nothing had happened."),
                new Document("notes.txt:7", "Lena says it is a different bird. I do not believe her.\n桜が咲いた。🌸\n"
                        + "  indented line stays as written"),
                new Document("notes.txt:12", "Last line, no newline at the end.")), documents);
    }

    @Test
    void crlfBomAndWhitespaceOnlyFilesAreHandled() throws Exception {
        var documents = Fixtures.parse(new PlainTextParser(), "\uFEFFone\r\ntwo\r\n\r\n\t\r\nthree\r\n", "a.txt")
                .documents();
        assertEquals(List.of(new Document("a.txt:1", "one\ntwo"), new Document("a.txt:5", "three")), documents);
        assertEquals(List.of(), Fixtures.parse(new PlainTextParser(), " \n\n\t\n", "a.txt").documents());
        assertEquals(List.of(), Fixtures.parse(new PlainTextParser(), "", "a.txt").documents());
    }

    @Test
    void aParagraphPastTheLimitIsCutAtALine() throws Exception {
        var documents = Fixtures.parse(new PlainTextParser(10), "aaaa\nbbbb\ncccc\ndddddddddddddd\ne\n", "a.txt")
                .documents();
        assertEquals(List.of(new Document("a.txt:1", "aaaa\nbbbb"), new Document("a.txt:3", "cccc"),
                new Document("a.txt:4", "dddddddddddddd"), new Document("a.txt:5", "e")), documents);
    }

    @Test
    void invalidUtf8NamesLineAndOffset() {
        byte[] bytes = {'o', 'k', '\n', 'n', 'o', (byte) 0xFF, '\n'};
        var error = assertThrows(InvalidInputException.class,
                () -> Fixtures.parse(new PlainTextParser(), bytes, "a.txt"));
        assertEquals("a.txt@5", error.location());
    }
}
