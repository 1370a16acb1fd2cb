package dev.doppel.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * OpenAI's legacy {@code text_completion} object, also the shape of its streamed chunks (which carry no usage,
 * except the last chunk of a stream that asked for it, with empty choices).
 */
public record CompletionResponse(String id, String object, long created, String model, List<Choice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) ChatCompletionResponse.Usage usage) {

    /** {@code logprobs} is always null: Doppel does not return log probabilities. */
    public record Choice(String text, int index, Object logprobs, String finish_reason) {
    }
}
