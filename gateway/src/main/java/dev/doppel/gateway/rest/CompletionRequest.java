package dev.doppel.gateway.rest;

import static dev.doppel.gateway.rest.CompletionParams.onlyKnownFields;
import static dev.doppel.gateway.rest.CompletionParams.onlyOff;
import static dev.doppel.gateway.rest.CompletionParams.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.gateway.serving.Sampling;
import java.util.List;
import java.util.Set;

/** OpenAI's legacy completions request ({@code POST /v1/completions}); every 400 names the parameter. */
record CompletionRequest(String model, String prompt, Sampling sampling, boolean stream, boolean includeUsage) {

    /** OpenAI's default for the legacy endpoint. */
    static final int DEFAULT_MAX_TOKENS = 16;

    private static final Set<String> FIELDS = Set.of("model", "prompt", "max_tokens", "temperature", "top_p", "n",
            "stop", "seed", "presence_penalty", "frequency_penalty", "stream", "stream_options", "logprobs", "echo",
            "suffix", "best_of", "user", "logit_bias");

    static CompletionRequest parse(JsonNode body) {
        CompletionParams.requireObject(body);
        onlyKnownFields(body, FIELDS, "");
        onlyOff(body, "echo", "Doppel does not echo the prompt.");
        onlyOff(body, "logit_bias", "Doppel does not bias logits.");
        if (present(body.get("logprobs"))) {
            throw ApiException.invalid("logprobs", "logprobs is not supported: Doppel does not return log probabilities.");
        }
        if (present(body.get("suffix"))) {
            throw ApiException.invalid("suffix", "suffix is not supported: Doppel's models do not insert text.");
        }
        Sampling sampling = CompletionParams.sampling(body, List.of("max_tokens"));
        JsonNode bestOf = body.get("best_of");
        if (present(bestOf) && !(bestOf.isIntegralNumber() && bestOf.intValue() == sampling.n())) {
            throw ApiException.invalid("best_of", "best_of is not supported unless it equals n.");
        }
        boolean stream = CompletionParams.stream(body);
        return new CompletionRequest(CompletionParams.model(body), prompt(body.get("prompt")), sampling, stream,
                CompletionParams.includeUsage(body, stream));
    }

    /** A string, or an array holding exactly one string (token arrays and batches are not supported). */
    private static String prompt(JsonNode prompt) {
        if (!present(prompt)) {
            throw ApiException.invalid("prompt", "Missing required parameter: 'prompt'.");
        }
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        throw ApiException.invalid("prompt", "prompt must be a string or an array of one string; token arrays and "
                + "several prompts per request are not supported.");
    }
}
