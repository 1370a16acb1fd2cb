package dev.doppel.lm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Saves a tokenizer next to a checkpoint as {@code tokenizer.json} and reads it back.
 *
 * <pre>{@code
 * {"format": "doppel-tokenizer/1", "kind": "byte"}
 * {"format": "doppel-tokenizer/1", "kind": "bpe", "pretokenizer": "gpt2", "vocabSize": 4096,
 *  "tokens": ["AA==", ...],                 // base64 bytes of each id = its merge rank; null for a named id
 *  "namedTokens": {"50256": "<|endoftext|>"},
 *  "specials": {"user": 4092, "assistant": 4093, "end": 4094, "pad": 4095}}
 * }</pre>
 * vocabSize and specials are redundant on purpose: a reader checks them, so a damaged or hand-edited file fails
 * with a message instead of shifting every id.
 */
public final class Tokenizers {

    public static final String FILE = "tokenizer.json";
    static final String FORMAT = "doppel-tokenizer/1";
    private static final String GPT2_PRETOKENIZER = "gpt2";
    private static final List<String> SPECIAL_FIELDS = List.of("user", "assistant", "end", "pad");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokenizers() {
    }

    /** Writes {@code dir/tokenizer.json}, replacing it whole, so a reader never sees half a file. */
    public static void save(Tokenizer tokenizer, Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", tokenizer.kind());
        if (tokenizer instanceof BpeTokenizer bpe) {
            writeBpe(bpe, root);
        } else if (!(tokenizer instanceof ByteTokenizer)) {
            throw new IllegalArgumentException("cannot save a tokenizer of kind \"" + tokenizer.kind() + "\"");
        }
        Files.createDirectories(dir);
        Path temporary = dir.resolve(FILE + ".tmp");
        JSON.writeValue(temporary.toFile(), root);
        Files.move(temporary, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeBpe(BpeTokenizer bpe, ObjectNode root) {
        root.put("pretokenizer", GPT2_PRETOKENIZER);
        root.put("vocabSize", bpe.vocabSize());
        ArrayNode tokens = root.putArray("tokens");
        for (int id = 0; id < bpe.userToken(); id++) {
            byte[] bytes = bpe.tokenBytes(id);
            tokens.add(bytes == null ? null : Base64.getEncoder().encodeToString(bytes));
        }
        ObjectNode named = root.putObject("namedTokens");
        bpe.namedTokens().forEach((id, name) -> named.put(Integer.toString(id), name));
        ObjectNode specials = root.putObject("specials");
        int[] ids = {bpe.userToken(), bpe.assistantToken(), bpe.endToken(), bpe.padToken()};
        for (int k = 0; k < ids.length; k++) {
            specials.put(SPECIAL_FIELDS.get(k), ids[k]);
        }
    }

    /** Reads {@code dir/tokenizer.json}; bad input is an IOException naming the file and the field. */
    public static Tokenizer load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.FileNotFoundException e) {
            throw new NoSuchFileException(file.toString(), null, "no tokenizer file");
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object");
        }
        String format = text(root, "format", file);
        if (!FORMAT.equals(format)) {
            throw new IOException(file + ": field \"format\" is \"" + format + "\", this reader knows \"" + FORMAT + "\"");
        }
        String kind = text(root, "kind", file);
        return switch (kind) {
            case ByteTokenizer.KIND -> new ByteTokenizer();
            case BpeTokenizer.KIND -> readBpe(root, file);
            default -> throw new IOException(file + ": field \"kind\" is \"" + kind + "\", expected \"byte\" or \"bpe\"");
        };
    }

    /** For checkpoints that store only the tokenizer's kind: only "byte" needs nothing more. */
    public static Tokenizer ofKind(String kind) throws IOException {
        if (ByteTokenizer.KIND.equals(kind)) {
            return new ByteTokenizer();
        }
        if (BpeTokenizer.KIND.equals(kind)) {
            throw new IOException("tokenizer kind \"bpe\" cannot be rebuilt from its kind; it needs its " + FILE);
        }
        throw new IOException("unknown tokenizer kind \"" + kind + "\"");
    }

    private static BpeTokenizer readBpe(JsonNode root, Path file) throws IOException {
        String pretokenizer = text(root, "pretokenizer", file);
        if (!GPT2_PRETOKENIZER.equals(pretokenizer)) {
            throw new IOException(file + ": field \"pretokenizer\" is \"" + pretokenizer + "\", expected \"gpt2\"");
        }
        BpeTokenizer tokenizer;
        try {
            tokenizer = BpeTokenizer.of(readTokens(root, file), readNamedTokens(root, file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": field \"tokens\": " + e.getMessage(), e);
        }
        int vocabSize = integer(root, "vocabSize", file);
        if (vocabSize != tokenizer.vocabSize()) {
            throw new IOException(file + ": field \"vocabSize\" is " + vocabSize + " but the tokens make "
                    + tokenizer.vocabSize());
        }
        JsonNode specials = field(root, "specials", file);
        for (int k = 0; k < SPECIAL_FIELDS.size(); k++) {
            int expected = tokenizer.userToken() + k;
            JsonNode actual = specials.get(SPECIAL_FIELDS.get(k));
            if (actual == null || !actual.isInt() || actual.intValue() != expected) {
                throw new IOException(file + ": field \"specials." + SPECIAL_FIELDS.get(k) + "\" is " + actual
                        + "; specials must be the last four ids, here " + expected);
            }
        }
        return tokenizer;
    }

    private static List<byte[]> readTokens(JsonNode root, Path file) throws IOException {
        JsonNode array = field(root, "tokens", file);
        if (!array.isArray()) {
            throw new IOException(file + ": field \"tokens\" must be an array of base64 strings");
        }
        List<byte[]> tokens = new ArrayList<>(array.size());
        for (int id = 0; id < array.size(); id++) {
            JsonNode token = array.get(id);
            if (token.isNull()) {
                tokens.add(null);
                continue;
            }
            try {
                if (!token.isTextual()) {
                    throw new IllegalArgumentException("not a string");
                }
                tokens.add(Base64.getDecoder().decode(token.textValue()));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": field \"tokens[" + id + "]\" is not base64: " + e.getMessage(), e);
            }
        }
        return tokens;
    }

    private static Map<Integer, String> readNamedTokens(JsonNode root, Path file) throws IOException {
        Map<Integer, String> named = new TreeMap<>();
        JsonNode object = root.path("namedTokens"); // older or hand-written files may omit it
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            try {
                if (!entry.getValue().isTextual()) {
                    throw new IOException("the name must be a string");
                }
                named.put(Integer.parseInt(entry.getKey()), entry.getValue().textValue());
            } catch (NumberFormatException | IOException e) {
                throw new IOException(file + ": field \"namedTokens." + entry.getKey() + "\": keys are ids, names strings", e);
            }
        }
        return named;
    }

    private static JsonNode field(JsonNode node, String name, Path file) throws IOException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IOException(file + ": field \"" + name + "\" is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name, Path file) throws IOException {
        JsonNode value = field(node, name, file);
        if (!value.isTextual()) {
            throw new IOException(file + ": field \"" + name + "\" must be a string, got " + value);
        }
        return value.textValue();
    }

    private static int integer(JsonNode node, String name, Path file) throws IOException {
        JsonNode value = field(node, name, file);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IOException(file + ": field \"" + name + "\" must be an integer, got " + value);
        }
        return value.intValue();
    }
}
