package dev.doppel.gateway.rest;

import static dev.doppel.gateway.rest.CompletionParams.onlyKnownFields;
import static dev.doppel.gateway.rest.CompletionParams.onlyOff;
import static dev.doppel.gateway.rest.CompletionParams.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.gateway.serving.ChatPrompt;
import dev.doppel.gateway.serving.Sampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenAI's chat completion request, read from its JSON body; every 400 names the parameter. Unknown fields are
 * refused, as for jobs, so a typo is not silently ignored.
 */
record ChatCompletionRequest(String model, List<ChatPrompt.Message> messages, Sampling sampling, boolean stream,
        boolean includeUsage) {

    private static final Set<String> FIELDS = Set.of("model", "messages", "temperature", "top_p", "n", "max_tokens",
            "max_completion_tokens", "stop", "seed", "presence_penalty", "frequency_penalty", "user", "stream",
            "stream_options", "logprobs", "top_logprobs", "response_format", "tools", "tool_choice",
            "parallel_tool_calls", "functions", "function_call", "logit_bias", "store", "metadata", "service_tier");
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "name", "refusal", "tool_calls",
            "function_call");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    static ChatCompletionRequest parse(JsonNode body) {
        CompletionParams.requireObject(body);
        onlyKnownFields(body, FIELDS, "");
        // Harmless: user (an end-user id for abuse tracking), store/metadata/service_tier (OpenAI's bookkeeping),
        // parallel_tool_calls (meaningless without tools). Refused: what would change the answer's meaning.
        onlyOff(body, "logprobs", "Doppel does not return log probabilities.");
        onlyOff(body, "top_logprobs", "Doppel does not return log probabilities.");
        onlyOff(body, "tools", "Doppel's models do not call tools.");
        onlyOff(body, "functions", "Doppel's models do not call functions.");
        onlyOff(body, "logit_bias", "Doppel does not bias logits.");
        toolChoice(body);
        responseFormat(body);
        JsonNode functionCall = body.get("function_call");
        if (present(functionCall) && !(functionCall.isTextual() && "none".equals(functionCall.asText()))) {
            throw ApiException.invalid("function_call", "function_call is not supported: Doppel's models do not call functions.");
        }
        boolean stream = CompletionParams.stream(body);
        return new ChatCompletionRequest(CompletionParams.model(body), messages(body.get("messages")),
                CompletionParams.sampling(body, List.of("max_tokens", "max_completion_tokens")), stream,
                CompletionParams.includeUsage(body, stream));
    }

    private static void toolChoice(JsonNode body) {
        JsonNode choice = body.get("tool_choice");
        if (present(choice) && !(choice.isTextual() && "none".equals(choice.asText()))) {
            throw ApiException.invalid("tool_choice", "tool_choice is not supported: Doppel's models do not call tools.");
        }
    }

    private static void responseFormat(JsonNode body) {
        JsonNode format = body.get("response_format");
        if (present(format) && !"text".equals(format.path("type").asText())) {
            throw ApiException.invalid("response_format", "response_format " + format.path("type")
                    + " is not supported: Doppel's models write plain text, so only {\"type\": \"text\"} is accepted.");
        }
    }

    private static List<ChatPrompt.Message> messages(JsonNode messages) {
        if (!present(messages)) {
            throw ApiException.invalid("messages", "Missing required parameter: 'messages'.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalid("messages", "messages must be a non-empty array.");
        }
        List<ChatPrompt.Message> parsed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            parsed.add(message(messages.get(i), "messages[" + i + "]"));
        }
        if (!"user".equals(parsed.getLast().role())) {
            throw ApiException.invalid("messages", "The last message must have role 'user': Doppel's models are "
                    + "trained to answer a user message, got '" + parsed.getLast().role() + "' last.");
        }
        return parsed;
    }

    private static ChatPrompt.Message message(JsonNode message, String path) {
        if (message == null || !message.isObject()) {
            throw ApiException.invalid(path, path + " must be an object with 'role' and 'content'.");
        }
        onlyKnownFields(message, MESSAGE_FIELDS, path + ".");
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
            throw ApiException.invalid(path + ".role", path + ".role must be one of system, developer, user or "
                    + "assistant, got " + role + ".");
        }
        if (present(message.get("tool_calls")) && !message.get("tool_calls").isEmpty()
                || present(message.get("function_call"))) {
            throw ApiException.invalid(path + ".tool_calls", "Tool calls are not supported.");
        }
        JsonNode name = message.get("name");
        if (present(name) && !name.isTextual()) {
            throw ApiException.invalid(path + ".name", path + ".name must be a string.");
        }
        // developer is OpenAI's newer name for system instructions.
        String normalizedRole = "developer".equals(role.asText()) ? "system" : role.asText();
        return new ChatPrompt.Message(normalizedRole, present(name) ? name.asText() : null,
                content(message.get("content"), path + ".content"));
    }

    /** A string, or OpenAI's array of content parts, of which only text parts can be read by a text model. */
    private static String content(JsonNode content, String path) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            List<String> texts = new ArrayList<>();
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiException.invalid(path + "[" + j + "].type", "Only text content parts are supported, got "
                            + part.path("type") + ".");
                }
                texts.add(part.get("text").asText());
            }
            return String.join("\n", texts);
        }
        throw ApiException.invalid(path, path + " must be a string or an array of text parts, got " + content + ".");
    }
}
