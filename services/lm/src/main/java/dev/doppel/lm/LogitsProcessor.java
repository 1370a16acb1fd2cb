package dev.doppel.lm;

import java.util.Arrays;

/**
 * Rewrites next-token logits before a token is chosen: the chat markers the model must never write, repetition,
 * presence and frequency penalties, and n-gram bans. Works in place on a copy the caller owns.
 */
final class LogitsProcessor {

    private final Tokenizer tokenizer;
    private final GenerationOptions options;

    LogitsProcessor(Tokenizer tokenizer, GenerationOptions options) {
        this.tokenizer = tokenizer;
        this.options = options;
    }

    /**
     * @param sequence prompt and reply so far, in order ({@code length} tokens used)
     * @param promptLength how many leading tokens of {@code sequence} are the prompt
     * @param replyCounts occurrences of each token in the reply so far
     */
    void apply(float[] logits, int[] sequence, int length, int promptLength, int[] replyCounts) {
        // The reply may end (<end>) but never open a turn of its own or write padding.
        logits[tokenizer.userToken()] = Float.NEGATIVE_INFINITY;
        logits[tokenizer.assistantToken()] = Float.NEGATIVE_INFINITY;
        logits[tokenizer.padToken()] = Float.NEGATIVE_INFINITY;
        if (options.repetitionPenalty() != 1.0) {
            boolean[] seen = new boolean[logits.length];
            for (int i = 0; i < length; i++) {
                int token = sequence[i];
                if (!seen[token] && !tokenizer.isSpecial(token)) {
                    seen[token] = true;
                    float logit = logits[token];
                    logits[token] = (float) (logit > 0 ? logit / options.repetitionPenalty() : logit * options.repetitionPenalty());
                }
            }
        }
        if (options.presencePenalty() != 0 || options.frequencyPenalty() != 0) {
            for (int token = 0; token < logits.length; token++) {
                int count = replyCounts[token];
                if (count > 0) {
                    logits[token] -= (float) (options.presencePenalty() + options.frequencyPenalty() * count);
                }
            }
        }
        if (options.noRepeatNgramSize() > 0) {
            banRepeatedNgrams(logits, sequence, length, options.noRepeatNgramSize());
        }
    }

    /** Bans every token that would complete an n-gram already present in {@code sequence[0, length)}. */
    static void banRepeatedNgrams(float[] logits, int[] sequence, int length, int n) {
        if (length < n - 1) {
            return;
        }
        int prefixStart = length - (n - 1); // the last n-1 tokens: the n-gram's prefix if the next token completed it
        for (int start = 0; start + n <= length; start++) {
            if (Arrays.equals(sequence, start, start + n - 1, sequence, prefixStart, length)) {
                logits[sequence[start + n - 1]] = Float.NEGATIVE_INFINITY;
            }
        }
    }
}
