package dev.doppel.gateway.rest;

import java.util.List;

/** The subset of OpenAI's chat completion request that the gateway honours today. */
public record ChatCompletionRequest(String model, List<Message> messages, Double temperature, Integer max_tokens,
        Integer max_completion_tokens, Long seed, Boolean stream, Integer n) {

    public record Message(String role, String content) {
    }
}
