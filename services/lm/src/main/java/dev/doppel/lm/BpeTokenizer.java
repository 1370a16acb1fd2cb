package dev.doppel.lm;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Byte-level BPE in tiktoken's representation: a rank table from byte strings to ids, where a lower id merges
 * first. Text is split into GPT-2 pieces ({@link Gpt2Pretokenizer}), and each piece is merged on its own
 * ({@link BytePairMerge}), so the same class runs our trained vocabularies and GPT-2's r50k ranks alike.
 *
 * <p>Ids: every single byte is a token (in our vocabularies ids 0..255, in GPT-2 a permutation of them), so any
 * text encodes and decodes losslessly. Named tokens such as GPT-2's {@code <|endoftext|>} occupy ids without
 * bytes. The four chat specials are always the last four ids; encode() never produces them or a named token,
 * because it only ever looks up byte strings, so text that contains "&lt;|end|&gt;" stays ordinary bytes.
 *
 * <p>Immutable apart from a lock-free cache of piece encodings, so one instance serves concurrent requests.
 */
public final class BpeTokenizer implements Tokenizer {

    public static final String KIND = "bpe";
    /** How specials are written when decoding, and their names in Hugging Face files. */
    static final List<String> SPECIAL_NAMES = List.of("<|user|>", "<|assistant|>", "<|end|>", "<|pad|>");

    private static final String R50K_RESOURCE = "com/knuddels/jtokkit/r50k_base.tiktoken";
    private static final int GPT2_END_OF_TEXT = 50256;
    private static final int CACHE_SLOT_BITS = 14;

    private final byte[][] tokens; // by id; null for named tokens; length == first special id
    private final Map<Integer, String> namedTokens;
    private final ByteStringTable ranks;
    private final int[] byteIds = new int[256];
    private final PieceCache cache = new PieceCache(CACHE_SLOT_BITS);

    private BpeTokenizer(byte[][] tokens, Map<Integer, String> namedTokens) {
        this.tokens = tokens;
        this.namedTokens = namedTokens;
        this.ranks = new ByteStringTable(tokens);
        byte[] single = new byte[1];
        for (int b = 0; b < 256; b++) {
            single[0] = (byte) b;
            byteIds[b] = ranks.id(single, 0, 1);
            if (byteIds[b] == ByteStringTable.ABSENT) {
                throw new IllegalArgumentException("no token for the single byte 0x%02X, so not every text could be encoded".formatted(b));
            }
        }
    }

    /**
     * The general form. {@code tokensById.get(id)} holds the bytes of token {@code id}, which is also its merge
     * rank, or null where {@code namedTokens} names that id instead; no id may be left without either. The four
     * chat specials follow the highest of these ids.
     */
    public static BpeTokenizer of(List<byte[]> tokensById, Map<Integer, String> namedTokens) {
        int size = tokensById.size();
        for (int id : namedTokens.keySet()) {
            size = Math.max(size, id + 1);
        }
        byte[][] tokens = new byte[size][];
        for (int id = 0; id < size; id++) {
            byte[] token = id < tokensById.size() ? tokensById.get(id) : null;
            boolean named = namedTokens.containsKey(id);
            if ((token == null) != named) {
                throw new IllegalArgumentException(token == null
                        ? "token id " + id + " has neither bytes nor a name"
                        : "token id " + id + " has both bytes and the name " + namedTokens.get(id));
            }
            tokens[id] = token == null ? null : token.clone();
        }
        return new BpeTokenizer(tokens, Collections.unmodifiableMap(new TreeMap<>(namedTokens)));
    }

    /**
     * tiktoken's form: byte strings to ranks, as jtokkit's {@code GptBytePairEncodingParams} takes them.
     * {@code namedTokens} names the ids the ranks skip, such as GPT-2's 50256.
     */
    public static BpeTokenizer fromTiktokenRanks(Map<byte[], Integer> ranks, Map<Integer, String> namedTokens) {
        List<byte[]> tokens = new ArrayList<>(Collections.nCopies(ranks.size(), (byte[]) null));
        for (Map.Entry<byte[], Integer> entry : ranks.entrySet()) {
            int rank = entry.getValue();
            if (rank < 0) {
                throw new IllegalArgumentException("negative rank " + rank);
            }
            while (tokens.size() <= rank) {
                tokens.add(null);
            }
            if (tokens.set(rank, entry.getKey()) != null) {
                throw new IllegalArgumentException("rank " + rank + " is given to two byte strings");
            }
        }
        return of(tokens, namedTokens);
    }

    /** Reads a tiktoken rank file: one "base64-bytes rank" per line, as tiktoken and jtokkit ship them. */
    public static BpeTokenizer fromTiktoken(InputStream rankFile, Map<Integer, String> namedTokens) throws IOException {
        Map<byte[], Integer> ranks = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(rankFile, StandardCharsets.US_ASCII));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            try {
                if (fields.length != 2) {
                    throw new IllegalArgumentException("expected \"base64 rank\"");
                }
                ranks.put(Base64.getDecoder().decode(fields[0]), Integer.parseInt(fields[1]));
            } catch (IllegalArgumentException e) {
                throw new IOException("tiktoken rank file, line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        try {
            return fromTiktokenRanks(ranks, namedTokens);
        } catch (IllegalArgumentException e) {
            throw new IOException("tiktoken rank file: " + e.getMessage(), e);
        }
    }

    /**
     * GPT-2's vocabulary: the r50k_base ranks bundled in the jtokkit jar, id 50256 named {@code <|endoftext|>},
     * and our chat specials at 50257..50260. Encodes exactly as GPT-2 (and jtokkit's r50k) does.
     */
    public static BpeTokenizer gpt2() {
        try (InputStream in = BpeTokenizer.class.getClassLoader().getResourceAsStream(R50K_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(R50K_RESOURCE + " is not on the class path (jtokkit dependency missing?)");
            }
            return fromTiktoken(in, Map.of(GPT2_END_OF_TEXT, "<|endoftext|>"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + R50K_RESOURCE, e);
        }
    }

    /** Imports a Hugging Face byte-level BPE tokenizer, such as GPT-2's, from its vocab.json and merges.txt. */
    public static BpeTokenizer fromHuggingFaceFiles(Path vocabJson, Path mergesTxt) throws IOException {
        return HuggingFaceBpeFiles.read(vocabJson, mergesTxt);
    }

    /** Writes vocab.json and merges.txt into {@code dir}, so that a Hugging Face export carries its tokenizer. */
    public void writeHuggingFaceFiles(Path dir) throws IOException {
        HuggingFaceBpeFiles.write(this, dir);
    }

    @Override
    public int[] encode(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[utf8.length / 3 + 16];
        int count = 0;
        for (int start = 0, end; start < utf8.length; start = end) {
            end = Gpt2Pretokenizer.pieceEnd(utf8, start, utf8.length);
            if (count + (end - start) > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, count + (end - start)));
            }
            if (end - start == 1) {
                out[count++] = byteIds[utf8[start] & 0xFF];
                continue;
            }
            int[] piece = encodePiece(utf8, start, end);
            System.arraycopy(piece, 0, out, count, piece.length);
            count += piece.length;
        }
        return Arrays.copyOf(out, count);
    }

    private int[] encodePiece(byte[] utf8, int start, int end) {
        int hash = ByteStringTable.hash(utf8, start, end);
        int[] cached = cache.get(utf8, start, end, hash);
        if (cached != null) {
            return cached;
        }
        int[] piece = BytePairMerge.encode(ranks, utf8, start, end);
        cache.put(utf8, start, end, hash, piece);
        return piece;
    }

    /**
     * Specials are written as {@code <|user|>}, {@code <|assistant|>}, {@code <|end|>}, named tokens by their
     * name; padding is dropped. A multi-byte character cut off by the end or by a special becomes U+FFFD.
     */
    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id >= 0 && id < tokens.length && tokens[id] != null) {
                pending.writeBytes(tokens[id]);
                continue;
            }
            text.append(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            if (id >= tokens.length && id < vocabSize()) {
                if (id != padToken()) {
                    text.append(SPECIAL_NAMES.get(id - tokens.length));
                }
            } else if (namedTokens.containsKey(id)) {
                text.append(namedTokens.get(id));
            } else {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabSize());
            }
        }
        return text.append(pending.toString(StandardCharsets.UTF_8)).toString();
    }

    /** The bytes of a token, or null for a special or named token. */
    public byte[] tokenBytes(int id) {
        if (id < 0 || id >= vocabSize()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabSize());
        }
        return id < tokens.length && tokens[id] != null ? tokens[id].clone() : null;
    }

    /** Ids that stand for a name rather than bytes, such as GPT-2's {@code <|endoftext|>}; not the chat specials. */
    public Map<Integer, String> namedTokens() {
        return namedTokens;
    }

    /** The chat tokens and the named ones: no text encodes to either, and penalties leave them alone. */
    @Override
    public boolean isSpecial(int token) {
        return Tokenizer.super.isSpecial(token) || namedTokens.containsKey(token);
    }

    @Override
    public int vocabSize() {
        return tokens.length + SPECIAL_NAMES.size();
    }

    @Override
    public int userToken() {
        return tokens.length;
    }

    @Override
    public int assistantToken() {
        return tokens.length + 1;
    }

    @Override
    public int endToken() {
        return tokens.length + 2;
    }

    @Override
    public int padToken() {
        return tokens.length + 3;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The rank table, for deriving merges when writing Hugging Face files. */
    ByteStringTable ranks() {
        return ranks;
    }
}
