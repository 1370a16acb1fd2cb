package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExamplesJsonlTest {

    @Test
    void writesAndReadsBack() {
        List<Example> examples = List.of(new Example("hi \"there\"", "line\nbreak"), new Example("你好", "😀"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExamplesJsonl.write(examples, out);
        assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().count());
        assertEquals(examples, ExamplesJsonl.read(new ByteArrayInputStream(out.toByteArray())));
    }

    @Test
    void skipsBlankLinesAndIgnoresExtraFields() {
        List<Example> examples = read("{\"prompt\":\"a\",\"completion\":\"b\",\"source\":\"mail\"}\n\n  \n{\"prompt\":\"c\",\"completion\":\"d\"}\n");
        assertEquals(List.of(new Example("a", "b"), new Example("c", "d")), examples);
    }

    @Test
    void badJsonNamesTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(
                "{\"prompt\":\"a\",\"completion\":\"b\"}\n\n{\"prompt\": oops}\n"));
        assertTrue(e.getMessage().startsWith("line 3:"), e.getMessage());
    }

    @Test
    void missingFieldNamesTheLineAndTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(
                "{\"prompt\":\"a\",\"completion\":\"b\"}\n{\"prompt\":\"a\"}\n"));
        assertEquals("line 2: missing field \"completion\"", e.getMessage());
    }

    @Test
    void nonStringFieldAndNonObjectAreRejected() {
        assertEquals("line 1: field \"prompt\" must be a string",
                assertThrows(IllegalArgumentException.class, () -> read("{\"prompt\":1,\"completion\":\"b\"}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read("[1,2]")).getMessage().startsWith("line 1:"));
    }

    private static List<Example> read(String text) {
        return ExamplesJsonl.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
