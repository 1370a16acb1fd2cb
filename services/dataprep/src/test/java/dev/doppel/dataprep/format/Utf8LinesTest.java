package dev.doppel.dataprep.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Utf8LinesTest {
    private static List<String> lines(byte[] bytes) throws Exception {
        var lines = new ArrayList<String>();
        try (var reader = new Utf8Lines(new ByteArrayInputStream(bytes), "f.txt", 64)) {
            String line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void dropsTheBomAndBothLineEndings() throws Exception {
        byte[] bytes = "\uFEFFfirst\r\nsecond 你好 😀\n\nlast".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("first", "second 你好 😀", "", "last"), lines(bytes));
    }

    @Test
    void invalidUtf8NamesLineAndAbsoluteByteOffset() {
        var out = new ByteArrayOutputStream();
        out.writeBytes("ok\nfine é\nbad ".getBytes(StandardCharsets.UTF_8)); // "ok\n"=3, "fine é\n"=8 bytes
        out.write(0xC3);
        out.write(0x28); // not a continuation byte
        var e = assertThrows(InvalidInputException.class, () -> lines(out.toByteArray()));
        assertEquals("f.txt@15", e.location());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void overlongEncodingsAndSurrogatesAreRefused() {
        assertThrows(InvalidInputException.class, () -> lines(new byte[] {(byte) 0xC0, (byte) 0xAF}));
        assertThrows(InvalidInputException.class, () -> lines(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        assertThrows(InvalidInputException.class, () -> lines(new byte[] {'a', (byte) 0xE2, (byte) 0x82}));
    }

    @Test
    void aLineOverTheLimitIsRefusedNotBuffered() {
        byte[] bytes = ("short\n" + "x".repeat(65) + "\n").getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(InvalidInputException.class, () -> lines(bytes));
        assertEquals("f.txt:2", e.location());
    }

    @Test
    void emptyInputHasNoLines() throws Exception {
        assertEquals(List.of(), lines(new byte[0]));
        try (var reader = new Utf8Lines(new ByteArrayInputStream(new byte[0]), "e")) {
            assertNull(reader.next());
        }
    }

    @Property(tries = 300)
    void anyTextSurvives(@ForAll String text) throws Exception {
        String clean = text.replace("\r", "").replace("\uFEFF", "");
        var lines = new ArrayList<String>();
        try (var reader = new Utf8Lines(new ByteArrayInputStream(clean.getBytes(StandardCharsets.UTF_8)), "p")) {
            String line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        String expected = clean.endsWith("\n") ? clean.substring(0, clean.length() - 1) : clean;
        if (!clean.isEmpty() && clean.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
            assertEquals(expected, String.join("\n", lines));
        }
    }
}
