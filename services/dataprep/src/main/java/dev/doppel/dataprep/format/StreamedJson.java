package dev.doppel.dataprep.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A JSON upload read token by token, so that an export of hundreds of megabytes is walked rather than
 * loaded: only one message object at a time becomes a tree. Every problem becomes an
 * {@link InvalidInputException} at {@code file:line} with the column and the field in its message.
 */
final class StreamedJson implements AutoCloseable {
    // The stream may be one entry of a zip: closing it here would end the whole archive.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private final JsonParser parser;
    private final String fileName;

    private StreamedJson(JsonParser parser, String fileName) {
        this.parser = parser;
        this.fileName = fileName;
    }

    /** What a parser does with the walk; Jackson's own errors, wherever they surface, come out located. */
    interface Walk {
        void run(StreamedJson json) throws IOException, InvalidInputException;
    }

    static void walk(InputStream in, String fileName, Walk walk) throws IOException, InvalidInputException {
        try (var json = new StreamedJson(MAPPER.createParser(in), fileName)) {
            try {
                walk.run(json);
            } catch (JsonProcessingException e) { // e.g. a string token is only decoded when its text is asked for
                throw json.invalid(e);
            }
        }
    }

    /** Moves to the next token; the end of input inside a value is an error, not a quiet stop. */
    JsonToken next() throws IOException, InvalidInputException {
        JsonToken token = parser.nextToken();
        if (token == null && parser.getParsingContext().getParent() != null) {
            throw error("the file ends in the middle of the JSON");
        }
        return token;
    }

    JsonToken current() {
        return parser.currentToken();
    }

    String fieldName() throws IOException {
        return parser.currentName();
    }

    String text() throws IOException {
        return parser.getText();
    }

    /** Reads the object (or array) at the current token whole. */
    JsonNode tree() throws IOException {
        return parser.readValueAsTree();
    }

    void skipValue() throws IOException {
        parser.skipChildren();
    }

    /** Where the current token starts, to name a value before it is read. */
    JsonLocation here() {
        return parser.currentTokenLocation();
    }

    /** Requires the current token to be {@code expected}; {@code what} names the value for the owner. */
    void expect(JsonToken expected, String what) throws InvalidInputException {
        JsonToken actual = parser.currentToken();
        if (actual != expected) {
            throw error(what + " must be " + describe(expected) + ", found " + describe(actual));
        }
    }

    InvalidInputException error(String problem) {
        return error(here(), problem);
    }

    InvalidInputException error(JsonLocation at, String problem) {
        return new InvalidInputException(fileName + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": " + problem,
                fileName + ":" + at.getLineNr());
    }

    private InvalidInputException invalid(JsonProcessingException e) {
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        return error(at, "not valid JSON: " + e.getOriginalMessage());
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the file";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
