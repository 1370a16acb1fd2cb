package dev.doppel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of an error body: OpenAI's {@code {"error": {message, type, param, code}}} from the gateway, or OAuth's
 * {@code {"error", "error_description"}} from Keycloak; anything else keeps its text as the message.
 */
record ErrorFields(String message, String type, String param, String code) {

    static ErrorFields parse(String body, int status) {
        JsonNode json;
        try {
            json = GatewayClient.JSON.readTree(body);
        } catch (Exception notJson) {
            json = null;
        }
        if (json != null && json.path("error").isObject()) {
            JsonNode error = json.get("error");
            return new ErrorFields(error.path("message").asText("HTTP " + status), text(error, "type"),
                    text(error, "param"), text(error, "code"));
        }
        if (json != null && json.path("error").isTextual()) {
            return new ErrorFields(json.path("error_description").asText(json.get("error").asText()), null, null,
                    json.get("error").asText());
        }
        String text = body == null ? "" : body.strip();
        return new ErrorFields(text.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + text, null, null, null);
    }

    String describe() {
        List<String> details = new ArrayList<>();
        if (param != null) {
            details.add("param: " + param);
        }
        if (code != null) {
            details.add("code: " + code);
        }
        return details.isEmpty() ? message : message + " (" + String.join(", ", details) + ")";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
