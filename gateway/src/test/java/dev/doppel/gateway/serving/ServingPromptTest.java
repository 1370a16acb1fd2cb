package dev.doppel.gateway.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.format.ChatJsonlParser;
import dev.doppel.gateway.rest.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chat messages become the prompt text training used, and the context limit is OpenAI's. */
class ServingPromptTest {

    @Test
    void aSingleUserMessageIsThePromptItself() {
        assertEquals("are you coming?", ChatPrompt.render(List.of(new ChatPrompt.Message("user", null, "are you coming?"))));
    }

    @Test
    void earlierMessagesBecomeSpeakerLinesAsIngestWritesThem() {
        String prompt = ChatPrompt.render(List.of(
                new ChatPrompt.Message("system", "ignored-for-system", "be brief"),
                new ChatPrompt.Message("user", "Sam", "dinner?"),
                new ChatPrompt.Message("assistant", null, "sure"),
                new ChatPrompt.Message("user", null, "8pm?")));
        assertEquals("system: be brief\nSam: dinner?\nassistant: sure\n\n8pm?", prompt);
    }

    @Test
    void theRenderingMatchesWhatIngestMakesOfTheSameChatLine() throws Exception {
        String line = "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"name\":\"Sam\","
                + "\"content\":\"dinner?\"},{\"role\":\"assistant\",\"content\":\"sure\"},{\"role\":\"user\","
                + "\"content\":\"8pm?\"},{\"role\":\"assistant\",\"content\":\"yes\"}]}\n";
        var examples = new java.util.ArrayList<dev.doppel.dataprep.Example>();
        new ChatJsonlParser().parse(new java.io.ByteArrayInputStream(line.getBytes()), "chat.jsonl",
                new dev.doppel.dataprep.format.ExportSink() {
                    @Override
                    public void conversation(dev.doppel.dataprep.Conversation conversation) {
                    }

                    @Override
                    public void mail(dev.doppel.dataprep.ChatMessage mail, String source) {
                    }

                    @Override
                    public void example(dev.doppel.dataprep.Example example) {
                        examples.add(example);
                    }

                    @Override
                    public void document(dev.doppel.dataprep.Document document) {
                    }

                    @Override
                    public void skipped(String kind) {
                    }
                });
        String trained = dev.doppel.dataprep.ExampleText.prompt(examples.getLast());
        String served = ChatPrompt.render(List.of(
                new ChatPrompt.Message("system", null, "be brief"),
                new ChatPrompt.Message("user", "Sam", "dinner?"),
                new ChatPrompt.Message("assistant", null, "sure"),
                new ChatPrompt.Message("user", null, "8pm?")));
        assertEquals(trained, served);
    }

    @Test
    void promptPlusMaxTokensBeyondTheContextIsContextLengthExceeded() {
        var sampling = new Sampling(100, "max_tokens", 1, 1, 1, List.of(), null, 0, 0);
        ApiException e = assertThrows(ApiException.class,
                () -> ContextLimit.maxTokens(30, 128, sampling, 64, Endpoint.CHAT));
        assertEquals(400, e.status());
        assertEquals("context_length_exceeded", e.code());
        assertEquals("messages", e.param());
        assertTrue(e.getMessage().contains("maximum context length is 128 tokens"), e.getMessage());
        assertTrue(e.getMessage().contains("130 tokens (30 in the messages, 100 in the completion)"), e.getMessage());
        assertEquals(98, ContextLimit.maxTokens(30, 128, new Sampling(98, "max_tokens", 1, 1, 1, List.of(), null, 0, 0),
                64, Endpoint.CHAT));
    }

    @Test
    void withoutMaxTokensTheDefaultIsClippedToTheRoomLeft() {
        var unset = new Sampling(null, "max_tokens", 1, 1, 1, List.of(), null, 0, 0);
        assertEquals(64, ContextLimit.maxTokens(30, 128, unset, 64, Endpoint.CHAT));
        assertEquals(8, ContextLimit.maxTokens(120, 128, unset, 64, Endpoint.CHAT));
        ApiException full = assertThrows(ApiException.class,
                () -> ContextLimit.maxTokens(128, 128, unset, 16, Endpoint.COMPLETIONS));
        assertEquals("prompt", full.param());
    }
}
