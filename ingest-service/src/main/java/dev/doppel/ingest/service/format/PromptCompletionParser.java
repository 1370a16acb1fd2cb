package dev.doppel.ingest.service.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads OpenAI's legacy fine-tuning format: UTF-8 JSONL, one {@code {"prompt": …, "completion": …}}
 * object per line; blank lines are skipped and other fields ignored.
 *
 * <p>It streams: one line is in memory at a time. Lines are split on raw bytes and each is decoded
 * strictly on its own, so an error — bad UTF-8 included — names the exact 1-based line.
 */
public final class PromptCompletionParser {
    public static final String FORMAT = "openai-prompt-completion";

    /** Longer lines are refused rather than buffered: a 1 GB "line" is not a chat message. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PromptCompletionParser() {
    }

    /** Every example of the file, in file order. */
    public static List<PromptCompletion> read(InputStream in, String filename) throws IOException, InvalidFileException {
        var examples = new ArrayList<PromptCompletion>();
        read(in, filename, examples::add);
        return examples;
    }

    /** Hands each example to {@code sink} as it is read; returns how many there were. */
    public static int read(InputStream in, String filename, Consumer<PromptCompletion> sink)
            throws IOException, InvalidFileException {
        var input = new BufferedInputStream(in);
        var line = new ByteArrayOutputStream();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNumber = 0;
        int count = 0;
        boolean more = true;
        while (more) {
            line.reset();
            int b;
            while ((b = input.read()) != -1 && b != '\n') {
                if (line.size() >= MAX_LINE_BYTES) {
                    throw invalid(filename, lineNumber + 1, "longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.write(b);
            }
            more = b != -1;
            if (!more && line.size() == 0) {
                break;
            }
            lineNumber++;
            String text = decode(utf8, line.toByteArray(), filename, lineNumber);
            if (lineNumber == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // a BOM some editors write
            }
            if (text.isBlank()) {
                continue;
            }
            sink.accept(example(text, filename, lineNumber));
            count++;
        }
        return count;
    }

    private static PromptCompletion example(String text, String filename, int lineNumber) throws InvalidFileException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(filename, lineNumber, "not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
        }
        if (!node.isObject()) {
            throw invalid(filename, lineNumber,
                    "expected a JSON object with \"prompt\" and \"completion\", found " + describe(node));
        }
        String prompt = stringField(node, "prompt", filename, lineNumber);
        String completion = stringField(node, "completion", filename, lineNumber);
        if (completion.isBlank()) {
            // An empty reply teaches the model nothing about how its owner writes.
            throw invalid(filename, lineNumber, "\"completion\" must not be empty");
        }
        return new PromptCompletion(prompt, completion);
    }

    private static String stringField(JsonNode object, String field, String filename, int lineNumber)
            throws InvalidFileException {
        JsonNode value = object.get(field);
        if (value == null || value.isMissingNode()) {
            throw invalid(filename, lineNumber, "\"" + field + "\" is missing");
        }
        if (!value.isTextual()) {
            throw invalid(filename, lineNumber, "\"" + field + "\" must be a string, found " + describe(value));
        }
        return value.textValue();
    }

    private static String decode(CharsetDecoder utf8, byte[] bytes, String filename, int lineNumber)
            throws InvalidFileException {
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--; // Windows line ends
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(filename, lineNumber, "not valid UTF-8 text");
        }
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static InvalidFileException invalid(String filename, int lineNumber, String problem) {
        return new InvalidFileException("line " + lineNumber + ": " + problem, filename + ":" + lineNumber);
    }
}
