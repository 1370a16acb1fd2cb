package dev.doppel.cli.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code POST /v1/chat/completions} body. Unset sampling options are left out, so the gateway's defaults apply.
 *
 * @param messages {@code {role, content}} maps, oldest first
 */
public record ChatRequest(String model, List<Map<String, String>> messages, Double temperature, Integer maxTokens,
                          Long seed) {

    public static Map<String, String> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    public ChatRequest withMessages(List<Map<String, String>> conversation) {
        return new ChatRequest(model, List.copyOf(conversation), temperature, maxTokens, seed);
    }

    public Map<String, Object> body(boolean stream) {
        var body = new LinkedHashMap<String, Object>();
        body.put("model", model);
        body.put("messages", messages);
        if (temperature != null) {
            body.put("temperature", temperature);
        }
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        if (seed != null) {
            body.put("seed", seed);
        }
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }
}
