package dev.doppel.lm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hugging Face's GPT-2 tokenizer files. vocab.json maps token strings to ids, merges.txt lists merge pairs by
 * priority; both spell bytes with GPT-2's byte-to-unicode alphabet, which gives every byte a printable character
 * so that a token is a plain JSON string and the space inside "Ġthe" cannot split a merges line.
 *
 * <p>Our rank table has no merge list, so writing derives one as tiktoken's converters do: a token's pair is what
 * its own bytes merge into using only lower ranks. Reading takes ranks from the ids, which works because GPT-2
 * (and everything written here) numbers merged tokens in merge order; files where that fails are rejected.
 */
final class HuggingFaceBpeFiles {

    static final String VOCAB_FILE = "vocab.json";
    static final String MERGES_FILE = "merges.txt";
    private static final String MERGES_HEADER = "#version: 0.2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final Map<Character, Integer> CHAR_TO_BYTE = new HashMap<>();

    static {
        // GPT-2's bytes_to_unicode(): printable Latin-1 bytes stand for themselves, the rest map to 256 + n.
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = (char) (printable ? b : 256 + shifted++);
            CHAR_TO_BYTE.put(BYTE_TO_CHAR[b], b);
        }
    }

    private HuggingFaceBpeFiles() {
    }

    static void write(BpeTokenizer tokenizer, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String> merges = new ArrayList<>();
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            byte[] token = tokenizer.tokenBytes(id);
            if (token == null) {
                vocab.put(nameOf(tokenizer, id), id);
                continue;
            }
            vocab.put(spell(token, 0, token.length), id);
            if (token.length > 1) {
                merges.add(mergeOf(tokenizer, id, token));
            }
        }
        Files.writeString(dir.resolve(VOCAB_FILE), JSON.writeValueAsString(vocab), StandardCharsets.UTF_8);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(MERGES_FILE), StandardCharsets.UTF_8)) {
            out.write(MERGES_HEADER);
            out.write('\n');
            for (String merge : merges) {
                out.write(merge);
                out.write('\n');
            }
        }
    }

    private static String nameOf(BpeTokenizer tokenizer, int id) {
        String named = tokenizer.namedTokens().get(id);
        return named != null ? named : BpeTokenizer.SPECIAL_NAMES.get(id - tokenizer.userToken());
    }

    private static String mergeOf(BpeTokenizer tokenizer, int id, byte[] token) {
        int[] parts = BytePairMerge.boundaries(tokenizer.ranks(), token, 0, token.length, id);
        if (parts.length != 3) {
            throw new IllegalStateException("token id " + id + " does not merge from two lower-ranked tokens ("
                    + (parts.length - 1) + " parts), so it has no Hugging Face merge");
        }
        return spell(token, 0, parts[1]) + " " + spell(token, parts[1], token.length);
    }

    static BpeTokenizer read(Path vocabJson, Path mergesTxt) throws IOException {
        Map<String, Integer> vocab = readVocab(vocabJson);
        Set<String> merged = readMergedTokens(mergesTxt, vocab);
        List<byte[]> tokens = new ArrayList<>();
        Map<Integer, String> named = new TreeMap<>();
        for (Map.Entry<String, Integer> entry : vocab.entrySet()) {
            String token = entry.getKey();
            int id = entry.getValue();
            if (id < 0) {
                throw new IOException(vocabJson + ": \"" + token + "\" has the negative id " + id);
            }
            while (tokens.size() <= id) {
                tokens.add(null);
            }
            if (tokens.get(id) != null || named.containsKey(id)) {
                throw new IOException(vocabJson + ": id " + id + " is given to more than one token");
            }
            boolean byteLevel = merged.contains(token) || (token.length() == 1 && CHAR_TO_BYTE.containsKey(token.charAt(0)));
            if (byteLevel) {
                tokens.set(id, unspell(token, vocabJson));
            } else {
                named.put(id, token);
            }
        }
        dropOurSpecials(tokens, named);
        try {
            return BpeTokenizer.of(tokens, named);
        } catch (IllegalArgumentException e) {
            throw new IOException(vocabJson + ": " + e.getMessage(), e);
        }
    }

    /** Our own files end with the four chat specials; they come back as specials, not as named tokens. */
    private static void dropOurSpecials(List<byte[]> tokens, Map<Integer, String> named) {
        int first = tokens.size() - BpeTokenizer.SPECIAL_NAMES.size();
        for (int k = 0; k < BpeTokenizer.SPECIAL_NAMES.size(); k++) {
            if (first < 0 || !BpeTokenizer.SPECIAL_NAMES.get(k).equals(named.get(first + k))) {
                return;
            }
        }
        for (int k = 0; k < BpeTokenizer.SPECIAL_NAMES.size(); k++) {
            named.remove(first + k);
            tokens.remove(tokens.size() - 1);
        }
    }

    private static Map<String, Integer> readVocab(Path vocabJson) throws IOException {
        try {
            return JSON.readValue(vocabJson.toFile(), new TypeReference<LinkedHashMap<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new IOException(vocabJson + ": not a JSON object of token to id: " + e.getOriginalMessage(), e);
        }
    }

    /** The tokens that merges produce, checked against the vocabulary and for ids that follow merge order. */
    private static Set<String> readMergedTokens(Path mergesTxt, Map<String, Integer> vocab) throws IOException {
        Set<String> merged = new HashSet<>();
        int previousId = -1;
        List<String> lines = Files.readAllLines(mergesTxt, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isEmpty() || (n == 0 && line.startsWith("#version"))) {
                continue;
            }
            String where = mergesTxt + ", line " + (n + 1) + ": ";
            String[] pair = line.split(" ");
            if (pair.length != 2) {
                throw new IOException(where + "expected two tokens separated by one space, got \"" + line + "\"");
            }
            for (String part : pair) {
                if (!vocab.containsKey(part)) {
                    throw new IOException(where + "\"" + part + "\" is not in the vocabulary");
                }
            }
            Integer id = vocab.get(pair[0] + pair[1]);
            if (id == null) {
                throw new IOException(where + "the merge result \"" + pair[0] + pair[1] + "\" is not in the vocabulary");
            }
            if (id <= previousId) {
                throw new IOException(where + "merge result id " + id + " after id " + previousId
                        + "; ids must follow merge order to serve as ranks");
            }
            previousId = id;
            merged.add(pair[0] + pair[1]);
        }
        return merged;
    }

    static String spell(byte[] bytes, int from, int to) {
        StringBuilder text = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            text.append(BYTE_TO_CHAR[bytes[i] & 0xFF]);
        }
        return text.toString();
    }

    private static byte[] unspell(String token, Path vocabJson) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); i++) {
            Integer b = CHAR_TO_BYTE.get(token.charAt(i));
            if (b == null) {
                throw new IOException(vocabJson + ": token \"" + token + "\" has the character U+%04X outside GPT-2's byte alphabet"
                        .formatted((int) token.charAt(i)));
            }
            bytes.write(b);
        }
        return bytes.toByteArray();
    }
}
