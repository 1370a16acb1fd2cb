package dev.doppel.lm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes examples as JSON Lines, one {@code {"prompt": "...", "completion": "..."}} per line.
 * Blank lines are skipped; other keys are ignored. Neither method closes the stream it is given.
 */
public final class ExamplesJsonl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExamplesJsonl() {
    }

    /**
     * @throws IllegalArgumentException naming the 1-based line number when a line is not a JSON object with
     *     string fields {@code prompt} and {@code completion}
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static List<Example> read(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<Example> examples = new ArrayList<>();
        int lineNumber = 0;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    examples.add(parse(line, lineNumber));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading examples failed after line " + lineNumber, e);
        }
        return examples;
    }

    public static void write(List<Example> examples, OutputStream out) {
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (Example example : examples) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("prompt", example.prompt());
                line.put("completion", example.completion());
                writer.write(JSON.writeValueAsString(line));
                writer.write('\n');
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing examples failed", e);
        }
    }

    private static Example parse(String line, int lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("line " + lineNumber + ": expected a JSON object with \"prompt\" and \"completion\"");
        }
        return new Example(text(node, "prompt", lineNumber), text(node, "completion", lineNumber));
    }

    private static String text(JsonNode node, String field, int lineNumber) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("line " + lineNumber + ": missing field \"" + field + "\"");
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("line " + lineNumber + ": field \"" + field + "\" must be a string");
        }
        return value.textValue();
    }
}
