package dev.doppel.lm;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A decoder whose next-token logits depend only on the last token, set by hand: lets generation tests state
 * exactly which reply greedy decoding, sampling, penalties or beam search must produce.
 */
final class MarkovDecoder implements Decoder {

    private final int vocabSize;
    private final Map<Integer, float[]> transitions = new HashMap<>();
    private final float[] fallback;

    MarkovDecoder(int vocabSize) {
        this.vocabSize = vocabSize;
        this.fallback = new float[vocabSize];
        Arrays.fill(fallback, -10f);
    }

    /** After {@code from}, the given tokens have the given probabilities (the rest share almost nothing). */
    MarkovDecoder after(int from, int[] tokens, double[] probabilities) {
        float[] logits = new float[vocabSize];
        Arrays.fill(logits, -30f);
        for (int i = 0; i < tokens.length; i++) {
            logits[tokens[i]] = (float) Math.log(probabilities[i]);
        }
        transitions.put(from, logits);
        return this;
    }

    MarkovDecoder after(int from, int to) {
        return after(from, new int[] {to}, new double[] {1.0});
    }

    @Override
    public DecodeSession start(int[] prompt) {
        return new Session(prompt[prompt.length - 1], prompt.length);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int blockSize() {
        return 1 << 20;
    }

    private final class Session implements DecodeSession {
        private int last;
        private int length;

        Session(int last, int length) {
            this.last = last;
            this.length = length;
        }

        @Override
        public float[] logits() {
            return transitions.getOrDefault(last, fallback);
        }

        @Override
        public void append(int token) {
            last = token;
            length++;
        }

        @Override
        public DecodeSession fork() {
            return new Session(last, length);
        }

        @Override
        public int contextLength() {
            return length;
        }
    }
}
