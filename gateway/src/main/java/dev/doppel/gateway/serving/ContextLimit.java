package dev.doppel.gateway.serving;

import dev.doppel.gateway.rest.ApiException;

/**
 * Prompt plus reply must fit the model's context, as OpenAI requires; otherwise 400
 * {@code context_length_exceeded} naming the prompt parameter. The decoder could slide its window past the
 * context, but the reply would then forget the start of the prompt without the client knowing.
 */
final class ContextLimit {

    /** The max tokens to generate: the requested number, or the default clipped to the room the prompt leaves. */
    static int maxTokens(int promptTokens, int context, Sampling sampling, int defaultMaxTokens, Endpoint endpoint) {
        Integer requested = sampling.maxTokens();
        int maxTokens = requested != null ? requested : Math.min(defaultMaxTokens, context - promptTokens);
        if (promptTokens + Math.max(maxTokens, 1) > context) {
            String reduce = requested != null ? "the length of the " + endpoint.promptParam() + " or completion"
                    : "the length of the " + endpoint.promptParam();
            throw new ApiException(400, "invalid_request_error", "context_length_exceeded", endpoint.promptParam(),
                    "This model's maximum context length is " + context + " tokens. However, you requested "
                            + (promptTokens + Math.max(maxTokens, 1)) + " tokens (" + promptTokens + " in the "
                            + endpoint.promptParam() + ", " + Math.max(maxTokens, 1) + " in the completion). "
                            + "Please reduce " + reduce + ".");
        }
        return maxTokens;
    }

    private ContextLimit() {
    }
}
