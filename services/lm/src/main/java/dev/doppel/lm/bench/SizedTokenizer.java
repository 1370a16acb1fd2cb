package dev.doppel.lm.bench;

import dev.doppel.lm.ByteTokenizer;
import dev.doppel.lm.Tokenizer;
import java.util.Arrays;

/**
 * A byte tokenizer folded into a vocabulary of any size: UTF-8 bytes modulo {@code vocabSize - 4}, the last four
 * ids the chat specials. For benchmarks (the README's char-level vocabulary of 96) and for tests that need a
 * vocabulary of a given size (GPT-2's 50257 against ours with specials); not for real text, which it folds.
 */
public final class SizedTokenizer implements Tokenizer {

    private static final ByteTokenizer BYTES = new ByteTokenizer();

    private final int vocabSize;

    public SizedTokenizer(int vocabSize) {
        if (vocabSize < 8) {
            throw new IllegalArgumentException("vocabSize must be at least 8, got " + vocabSize);
        }
        this.vocabSize = vocabSize;
    }

    @Override
    public int[] encode(String text) {
        return Arrays.stream(BYTES.encode(text)).map(t -> t % (vocabSize - 4)).toArray();
    }

    @Override
    public String decode(int[] tokens) {
        return BYTES.decode(Arrays.stream(tokens).filter(t -> t < Math.min(256, vocabSize - 4)).toArray());
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int userToken() {
        return vocabSize - 4;
    }

    @Override
    public int assistantToken() {
        return vocabSize - 3;
    }

    @Override
    public int endToken() {
        return vocabSize - 2;
    }

    @Override
    public int padToken() {
        return vocabSize - 1;
    }

    @Override
    public String kind() {
        return "sized";
    }
}
