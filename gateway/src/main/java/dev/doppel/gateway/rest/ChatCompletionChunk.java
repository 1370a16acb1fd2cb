package dev.doppel.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * OpenAI's {@code chat.completion.chunk}: one streamed piece. {@code usage} appears only on the last chunk of a
 * stream that asked for it ({@code stream_options.include_usage}), whose {@code choices} is empty.
 */
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) ChatCompletionResponse.Usage usage) {

    public record Choice(int index, Delta delta, Object logprobs, String finish_reason) {
    }

    /** The first chunk of a choice carries the role (and empty content); later ones only content; the last nothing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {
    }
}
