package dev.doppel.gateway.serving;

import java.util.List;

/**
 * The sampling parameters of a chat or completions request, as OpenAI names them, already checked against
 * OpenAI's ranges; the server's own limits (max tokens, n) and the model's context are checked later.
 *
 * @param maxTokens null: the endpoint's default, clipped to what the context leaves
 * @param maxTokensParam the parameter the client used ({@code max_tokens} or {@code max_completion_tokens}), for errors
 * @param seed null: a random one
 */
public record Sampling(Integer maxTokens, String maxTokensParam, double temperature, double topP, int n,
        List<String> stop, Long seed, double presencePenalty, double frequencyPenalty) {

    public Sampling {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }
}
