package dev.doppel.gateway.rest;

import java.util.List;

/** OpenAI's {@code chat.completion} object. */
public record ChatCompletionResponse(String id, String object, long created, String model, List<Choice> choices,
        Usage usage) {

    /** {@code logprobs} is always null: Doppel does not return log probabilities. */
    public record Choice(int index, Message message, Object logprobs, String finish_reason) {
    }

    public record Message(String role, String content) {
    }

    /** Real tokens: the prompt once, the completions of every choice. */
    public record Usage(int prompt_tokens, int completion_tokens, int total_tokens) {
        public static Usage of(int promptTokens, int completionTokens) {
            return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
        }
    }
}
