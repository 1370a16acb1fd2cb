package dev.doppel.dataprep.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.Turn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatJsonlParserTest {
    private static final ExportParser PARSER = new ChatJsonlParser();

    private static ParsedExport parse(String text) throws Exception {
        return Fixtures.parse(PARSER, text, "chat.jsonl");
    }

    private static InvalidInputException rejected(String text) {
        return assertThrows(InvalidInputException.class, () -> parse(text));
    }

    /** A line whose second message is {@code message}, after a user message. */
    private static InvalidInputException rejectedMessage(String message) {
        return rejected("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, " + message + "]}");
    }

    @Test
    void everyTrainedAssistantMessageBecomesAnExampleWithItsContext() throws Exception {
        var export = Fixtures.parse(PARSER, Fixtures.bytes("openai-chat/chat.jsonl"), "chat.jsonl");
        var system = new Turn("system", false, "You are Mira. You write short, warm replies, often with emoji.");
        String saturday = "hey! are you free on saturday?";
        assertEquals(List.of(
                new Example(List.of(system), "Hey! Are you free on Saturday?", "I think so! What's up? 😊",
                        saturday, "chat.jsonl:1"),
                new Example(List.of(system, new Turn("user", false, "Hey! Are you free on Saturday?"),
                        new Turn("assistant", true, "I think so! What's up? 😊")),
                        "Jonas is turning 30, we're doing a surprise dinner", "omg yes count me in 🎉",
                        saturday, "chat.jsonl:1"),
                new Example(List.of(new Turn("Jonas", false, "你好！周末有空吗？"), new Turn("assistant", true, "有空呀，怎么了？")),
                        "想请你吃饭", "好呀！几点？", "你好！周末有空吗？", "chat.jsonl:2"),
                new Example(List.of(), "what's the weather in Lisbon?", "24 degrees ☀️ beach time",
                        "what's the weather in lisbon?", "chat.jsonl:4")), export.examples());
        assertEquals(Map.of("weight-0", 1, "tool_call", 2), export.skipped());
    }

    @Test
    void anAssistantMessageWithNoUserBeforeItIsSkipped() throws Exception {
        var export = parse("""
                {"messages": [{"role": "system", "content": "be nice"}, {"role": "assistant", "content": "Hi, I'm Mira"}, {"role": "user", "content": "hi Mira"}, {"role": "assistant", "name": "mira", "content": "what's up"}]}
                """);
        assertEquals(1, export.examples().size());
        var example = export.examples().getFirst();
        assertEquals(List.of(new Turn("system", false, "be nice"), new Turn("assistant", true, "Hi, I'm Mira")),
                example.context());
        assertEquals("hi mira", example.group());
        assertEquals(Map.of("assistant-without-prompt", 1), export.skipped());
    }

    @Test
    void namesTheLineAndMessageOfABadRole() {
        var error = rejected("""
                {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}


                {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "bot", "content": "c"}]}
                """);
        assertEquals("chat.jsonl line 4: messages[2].role must be \"system\", \"user\" or \"assistant\", found \"bot\"",
                error.getMessage());
        assertEquals("chat.jsonl:4", error.location());
        assertEquals("chat.jsonl line 1: messages[1].role must be \"system\", \"user\" or \"assistant\", found nothing",
                rejectedMessage("{\"content\": \"b\"}").getMessage());
        assertEquals("chat.jsonl line 1: messages[1].role must be \"system\", \"user\" or \"assistant\", found a number (3)",
                rejectedMessage("{\"role\": 3, \"content\": \"b\"}").getMessage());
    }

    @Test
    void namesBadContentWeightAndName() {
        assertEquals("chat.jsonl line 1: messages[1].content must be a string, found an array",
                rejectedMessage("{\"role\": \"assistant\", \"content\": [\"b\"]}").getMessage());
        assertEquals("chat.jsonl line 1: messages[1].content must be a string, found null",
                rejectedMessage("{\"role\": \"assistant\", \"content\": null}").getMessage());
        assertEquals("chat.jsonl line 1: messages[1].content is missing",
                rejectedMessage("{\"role\": \"assistant\"}").getMessage());
        assertEquals("chat.jsonl line 1: messages[1].weight must be 0 or 1, found a number (2)",
                rejectedMessage("{\"role\": \"assistant\", \"content\": \"b\", \"weight\": 2}").getMessage());
        assertEquals("chat.jsonl line 1: messages[1].weight must be 0 or 1, found a string",
                rejectedMessage("{\"role\": \"assistant\", \"content\": \"b\", \"weight\": \"1\"}").getMessage());
        assertEquals("chat.jsonl line 1: messages[1].weight must be 0 or 1, found a number (4294967297)",
                rejectedMessage("{\"role\": \"assistant\", \"content\": \"b\", \"weight\": 4294967297}").getMessage());
        assertEquals("chat.jsonl line 1: messages[1].name must be a string, found true",
                rejectedMessage("{\"role\": \"assistant\", \"content\": \"b\", \"name\": true}").getMessage());
        assertEquals("chat.jsonl line 1: messages[1] must be an object, found a string",
                rejectedMessage("\"assistant: b\"").getMessage());
    }

    @Test
    void namesBadMessagesArrays() {
        assertEquals("chat.jsonl line 1: \"messages\" is missing", rejected("{\"prompt\": \"a\"}").getMessage());
        assertEquals("chat.jsonl line 1: \"messages\" must be an array, found an object",
                rejected("{\"messages\": {}}").getMessage());
        assertEquals("chat.jsonl line 1: \"messages\" is empty", rejected("{\"messages\": []}").getMessage());
        assertEquals("chat.jsonl line 1: expected a JSON object with \"messages\", found an array",
                rejected("[{\"role\": \"user\", \"content\": \"a\"}]").getMessage());
        assertEquals("chat.jsonl line 1: no assistant message: nothing to learn from this line",
                rejected("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}").getMessage());
        assertTrue(rejected("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"},")
                .getMessage().startsWith("chat.jsonl line 1: not valid JSON"));
    }

    @Test
    void anEmptyAssistantReplyIsLetThrough() throws Exception {
        var export = parse("{\"messages\": [{\"role\": \"user\", \"content\": \"ok?\"}, {\"role\": \"assistant\", \"content\": \"\"}]}");
        assertEquals("", export.examples().getFirst().completion());
    }
}
