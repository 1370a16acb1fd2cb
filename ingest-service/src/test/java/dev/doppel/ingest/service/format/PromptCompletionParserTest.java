package dev.doppel.ingest.service.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptCompletionParserTest {

    private static List<PromptCompletion> parse(String text) throws Exception {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<PromptCompletion> parse(byte[] bytes) throws Exception {
        return PromptCompletionParser.read(new ByteArrayInputStream(bytes), "chats.jsonl");
    }

    private static InvalidFileException rejected(String text) {
        return assertThrows(InvalidFileException.class, () -> parse(text));
    }

    @Test
    void readsEveryLineInOrder() throws Exception {
        var examples = parse("""
                {"prompt": "are you coming tonight?", "completion": "yes!! see you at 8 :)"}
                {"prompt": "lunch?", "completion": "always", "extra": 1}
                """);
        assertEquals(List.of(new PromptCompletion("are you coming tonight?", "yes!! see you at 8 :)"),
                new PromptCompletion("lunch?", "always")), examples);
    }

    @Test
    void skipsBlankLinesAndKeepsLineNumbersTrue() throws Exception {
        var text = "\n{\"prompt\":\"a\",\"completion\":\"b\"}\n   \n\r\n{\"prompt\":\"c\",\"completion\":\"d\"}\r\n\n";
        assertEquals(2, parse(text).size());
        var error = rejected("\n\n{\"prompt\":\"a\"}\n");
        assertEquals("line 3: \"completion\" is missing", error.getMessage());
        assertEquals("chats.jsonl:3", error.param());
    }

    @Test
    void keepsUnicodeIntact() throws Exception {
        var examples = parse("\uFEFF{\"prompt\":\"晚上一起吃饭吗？\",\"completion\":\"好呀!! 🎉 à ce soir\"}\n"
                + "{\"prompt\":\"\\u00e7a va?\",\"completion\":\"très bien 😊\"}");
        assertEquals(new PromptCompletion("晚上一起吃饭吗？", "好呀!! 🎉 à ce soir"), examples.get(0));
        assertEquals(new PromptCompletion("ça va?", "très bien 😊"), examples.get(1));
    }

    @Test
    void namesTheLineOfInvalidJson() {
        var error = rejected("""
                {"prompt":"a","completion":"b"}
                {"prompt":"c","completion":"d"}
                {"prompt":"e","completion":"f"}
                {"prompt":"g","completion":"h"}
                {"prompt":"i","completion":"j"}
                {"prompt":"k","completion":"l"}
                {"prompt": "m", completion: "n"}
                """);
        assertTrue(error.getMessage().startsWith("line 7: not valid JSON (Unexpected character"), error.getMessage());
        assertEquals("chats.jsonl:7", error.param());
    }

    @Test
    void rejectsTwoObjectsOnOneLine() {
        var error = rejected("{\"prompt\":\"a\",\"completion\":\"b\"} {\"prompt\":\"c\",\"completion\":\"d\"}\n");
        assertTrue(error.getMessage().startsWith("line 1: not valid JSON"), error.getMessage());
    }

    @Test
    void namesAMissingOrNonStringField() {
        assertEquals("line 1: \"prompt\" is missing", rejected("{\"completion\":\"b\"}").getMessage());
        assertEquals("line 2: \"completion\" must be a string, found a number",
                rejected("{\"prompt\":\"a\",\"completion\":\"b\"}\n{\"prompt\":\"a\",\"completion\":3}").getMessage());
        assertEquals("line 1: \"prompt\" must be a string, found null",
                rejected("{\"prompt\":null,\"completion\":\"b\"}").getMessage());
        assertEquals("line 1: \"completion\" must not be empty",
                rejected("{\"prompt\":\"a\",\"completion\":\"  \"}").getMessage());
    }

    @Test
    void rejectsALineThatIsNotAnObject() {
        assertEquals("line 1: expected a JSON object with \"prompt\" and \"completion\", found an array",
                rejected("[\"a\", \"b\"]").getMessage());
    }

    @Test
    void namesTheLineOfInvalidUtf8() {
        byte[] good = "{\"prompt\":\"a\",\"completion\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 'p', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
        byte[] file = new byte[good.length * 2 + bad.length];
        System.arraycopy(good, 0, file, 0, good.length);
        System.arraycopy(good, 0, file, good.length, good.length);
        System.arraycopy(bad, 0, file, good.length * 2, bad.length);
        var error = assertThrows(InvalidFileException.class, () -> parse(file));
        assertEquals("line 3: not valid UTF-8 text", error.getMessage());
    }

    @Test
    void anEmptyFileHasNoExamples() throws Exception {
        assertEquals(0, parse("").size());
        assertEquals(0, parse("\n\n  \n").size());
    }

    @Test
    void writesWhatItReads() throws Exception {
        var examples = List.of(new PromptCompletion("hé \"you\"\nthere", "ok 👍"), new PromptCompletion("", "x"));
        assertEquals(examples, PromptCompletionParser.read(
                new ByteArrayInputStream(JsonlWriter.toBytes(examples)), "split.jsonl"));
        assertEquals("{\"prompt\":\"\",\"completion\":\"x\"}",
                new String(JsonlWriter.toBytes(examples.subList(1, 2)), StandardCharsets.UTF_8).strip());
    }
}
