package dev.doppel.lm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level tokenizer: ids 0..255 are the UTF-8 bytes of the text, 256..259 are the chat specials. No text
 * can produce a special, and every string round-trips. Decoding replaces a cut-off multi-byte sequence with
 * U+FFFD, because generation may stop in the middle of a character. Stateless and thread-safe.
 */
public final class ByteTokenizer implements Tokenizer {

    public static final String KIND = "byte";
    public static final int USER = 256;
    public static final int ASSISTANT = 257;
    public static final int END = 258;
    public static final int PAD = 259;
    private static final int VOCAB_SIZE = 260;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            tokens[i] = bytes[i] & 0xFF;
        }
        return tokens;
    }

    /** Specials are written as {@code <|user|>}, {@code <|assistant|>}, {@code <|end|>}; padding is dropped. */
    @Override
    public String decode(int[] tokens) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int token : tokens) {
            if (token >= 0 && token < 256) {
                pending.write(token);
                continue;
            }
            text.append(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            switch (token) {
                case USER -> text.append("<|user|>");
                case ASSISTANT -> text.append("<|assistant|>");
                case END -> text.append("<|end|>");
                case PAD -> { }
                default -> throw new IllegalArgumentException("token id " + token + " is outside the vocabulary of " + VOCAB_SIZE);
            }
        }
        return text.append(pending.toString(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public int vocabSize() {
        return VOCAB_SIZE;
    }

    @Override
    public int userToken() {
        return USER;
    }

    @Override
    public int assistantToken() {
        return ASSISTANT;
    }

    @Override
    public int endToken() {
        return END;
    }

    @Override
    public int padToken() {
        return PAD;
    }

    @Override
    public String kind() {
        return KIND;
    }
}
