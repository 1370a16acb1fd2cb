package dev.doppel.gateway.rest;

import java.util.List;

/** OpenAI's {@code chat.completion} object. */
public record ChatCompletionResponse(String id, String object, long created, String model, List<Choice> choices,
        Usage usage) {

    public record Choice(int index, ChatCompletionRequest.Message message, String finish_reason) {
    }

    public record Usage(int prompt_tokens, int completion_tokens, int total_tokens) {
    }
}
