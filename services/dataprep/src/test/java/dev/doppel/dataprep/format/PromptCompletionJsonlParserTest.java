package dev.doppel.dataprep.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptCompletionJsonlParserTest {
    private static final ExportParser PARSER = new PromptCompletionJsonlParser();

    private static List<Example> parse(String text) throws Exception {
        return Fixtures.parse(PARSER, text, "chats.jsonl").examples();
    }

    private static InvalidInputException rejected(String text) {
        return assertThrows(InvalidInputException.class, () -> parse(text));
    }

    @Test
    void readsTheFixtureWithGroupsAndLocations() throws Exception {
        var examples = Fixtures.parse(PARSER, Fixtures.bytes("openai-prompt-completion/pairs.jsonl"), "pairs.jsonl")
                .examples();
        assertEquals(List.of(
                Example.of("Are you coming to Lena's tonight?", "yes!! see you at 8 :)",
                        "are you coming to lena's tonight?", "pairs.jsonl:1"),
                Example.of("晚上一起吃饭吗？", "好呀!! 🎉 à ce soir", "晚上一起吃饭吗？", "pairs.jsonl:2"),
                Example.of("can you send me the slides\nfrom Tuesday?", "sure, give me 5 min 👍\nthey're on the drive too",
                        "can you send me the slides from tuesday?", "pairs.jsonl:4"),
                Example.of("  ARE you coming to Lena's   tonight? ", "already said yes 😄",
                        "are you coming to lena's tonight?", "pairs.jsonl:5"),
                Example.of("ça va?", "", "ça va?", "pairs.jsonl:6")), examples);
    }

    @Test
    void skipsBlankLinesAndKeepsLineNumbersTrue() throws Exception {
        var text = "\n{\"prompt\":\"a\",\"completion\":\"b\"}\n   \n\r\n{\"prompt\":\"c\",\"completion\":\"d\"}\r\n\n";
        assertEquals(List.of("chats.jsonl:2", "chats.jsonl:5"), parse(text).stream().map(Example::location).toList());
        var error = rejected("\n\n{\"prompt\":\"a\"}\n");
        assertEquals("chats.jsonl line 3: \"completion\" is missing", error.getMessage());
        assertEquals("chats.jsonl:3", error.location());
    }

    @Test
    void keepsUnicodeAndDropsTheBom() throws Exception {
        var examples = parse("\uFEFF{\"prompt\":\"晚上一起吃饭吗？\",\"completion\":\"好呀!! 🎉\"}\n"
                + "{\"prompt\":\"\\u00e7a va?\",\"completion\":\"très bien 😊\"}");
        assertEquals("晚上一起吃饭吗？", examples.get(0).prompt());
        assertEquals("ça va?", examples.get(1).prompt());
        assertEquals("très bien 😊", examples.get(1).completion());
    }

    @Test
    void namesTheLineOfInvalidJson() {
        var error = rejected("""
                {"prompt":"a","completion":"b"}
                {"prompt":"c","completion":"d"}
                {"prompt": "m", completion: "n"}
                """);
        assertTrue(error.getMessage().startsWith("chats.jsonl line 3: not valid JSON (Unexpected character"),
                error.getMessage());
        assertEquals("chats.jsonl:3", error.location());
    }

    @Test
    void rejectsTwoObjectsOnOneLineAndDuplicateKeys() {
        assertTrue(rejected("{\"prompt\":\"a\",\"completion\":\"b\"} {\"prompt\":\"c\",\"completion\":\"d\"}\n")
                .getMessage().startsWith("chats.jsonl line 1: not valid JSON"));
        var duplicate = rejected("{\"prompt\":\"a\",\"prompt\":\"b\",\"completion\":\"c\"}");
        assertTrue(duplicate.getMessage().contains("Duplicate field 'prompt'"), duplicate.getMessage());
    }

    @Test
    void rejectsATruncatedLastLine() {
        var error = rejected("{\"prompt\":\"a\",\"completion\":\"b\"}\n{\"prompt\":\"c\",\"compl");
        assertTrue(error.getMessage().startsWith("chats.jsonl line 2: not valid JSON"), error.getMessage());
    }

    @Test
    void namesAMissingEmptyOrNonStringField() {
        assertEquals("chats.jsonl line 1: \"prompt\" is missing", rejected("{\"completion\":\"b\"}").getMessage());
        assertEquals("chats.jsonl line 2: \"completion\" must be a string, found a number (3)",
                rejected("{\"prompt\":\"a\",\"completion\":\"b\"}\n{\"prompt\":\"a\",\"completion\":3}").getMessage());
        assertEquals("chats.jsonl line 1: \"prompt\" must be a string, found null",
                rejected("{\"prompt\":null,\"completion\":\"b\"}").getMessage());
        assertEquals("chats.jsonl line 1: \"prompt\" is empty",
                rejected("{\"prompt\":\" \\n \",\"completion\":\"b\"}").getMessage());
    }

    @Test
    void letsAnEmptyCompletionThrough() throws Exception {
        assertEquals("  ", parse("{\"prompt\":\"a\",\"completion\":\"  \"}").getFirst().completion());
    }

    @Test
    void rejectsALineThatIsNotAnObject() {
        assertEquals("chats.jsonl line 1: expected a JSON object with \"prompt\" and \"completion\", found an array",
                rejected("[\"a\", \"b\"]").getMessage());
        assertEquals("chats.jsonl line 1: expected a JSON object with \"prompt\" and \"completion\", found a string",
                rejected("\"hello\"").getMessage());
    }

    @Test
    void namesTheLineAndOffsetOfInvalidUtf8() {
        byte[] good = "{\"prompt\":\"a\",\"completion\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 'p', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
        byte[] file = new byte[good.length * 2 + bad.length];
        System.arraycopy(good, 0, file, 0, good.length);
        System.arraycopy(good, 0, file, good.length, good.length);
        System.arraycopy(bad, 0, file, good.length * 2, bad.length);
        var error = assertThrows(InvalidInputException.class, () -> Fixtures.parse(PARSER, file, "chats.jsonl"));
        assertTrue(error.getMessage().contains("line 3"), error.getMessage());
        assertEquals("chats.jsonl@" + (good.length * 2 + 3), error.location());
    }

    @Test
    void anEmptyFileHasNoExamples() throws Exception {
        assertEquals(0, parse("").size());
        assertEquals(0, parse("\n\n  \n").size());
    }
}
