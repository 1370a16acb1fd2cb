package dev.doppel.dataprep.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The shape of the start of a JSON document, read with a streaming tokenizer that stops quietly where
 * the head is cut off: the keys of the top-level object and the keys of the first element of its
 * {@code messages} array. Enough to tell a Telegram export from a Messenger one or a JSONL line of
 * OpenAI's, without a full parse that a 64 KiB head would fail.
 */
record JsonHead(Set<String> keys, Set<String> firstMessageKeys) {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    static JsonHead of(byte[] bytes, int offset, int length) {
        Set<String> keys = new HashSet<>();
        Set<String> messageKeys = new HashSet<>();
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new JsonHead(keys, messageKeys);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                keys.add(key);
                JsonToken value = parser.nextToken();
                if (key.equals("messages") && value == JsonToken.START_ARRAY) {
                    readFirstElementKeys(parser, messageKeys);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException cutOffOrMalformed) {
            // what was read before the head ends (or the JSON breaks) is all the evidence there is
        }
        return new JsonHead(Set.copyOf(keys), Set.copyOf(messageKeys));
    }

    /** From an array's start to its end, collecting the keys of its first element if that is an object. */
    private static void readFirstElementKeys(JsonParser parser, Set<String> keys) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(parser.currentName());
                parser.nextToken();
                parser.skipChildren();
            }
            token = parser.nextToken();
        }
        while (token != null && token != JsonToken.END_ARRAY) {
            parser.skipChildren();
            token = parser.nextToken();
        }
    }
}
