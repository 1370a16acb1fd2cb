package dev.doppel.dataprep.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.doppel.dataprep.InvalidInputException;

/** One JSON value per line (JSONL), read strictly, with errors that name the file and line. */
final class JsonLine {
    // Trailing tokens: two objects on one line are a broken file, not the first object.
    // Duplicate keys: {"prompt":"a","prompt":"b"} is ambiguous, and last-one-wins would hide it.
    private static final ObjectReader READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build()
            .reader();

    private JsonLine() {
    }

    static JsonNode read(String text, String fileName, int line) throws InvalidInputException {
        try {
            return READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw LineErrors.at(fileName, line, "not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
        }
    }

    /** A field that must be a non-null string; {@code path} is how the message names it. */
    static String string(JsonNode object, String field, String path, String fileName, int line)
            throws InvalidInputException {
        JsonNode value = object.get(field);
        if (value == null) {
            throw LineErrors.at(fileName, line, path + " is missing");
        }
        if (!value.isTextual()) {
            throw LineErrors.at(fileName, line, path + " must be a string, found " + describe(value));
        }
        return value.textValue();
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case NUMBER -> "a number (" + node.asText() + ")";
            case BOOLEAN -> node.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
