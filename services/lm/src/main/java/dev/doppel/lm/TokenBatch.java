package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * A padded batch for next-token prediction, in Java arrays. Row {@code b} holds one encoded pair: inputs are
 * its tokens without the last, targets its tokens without the first, and {@code mask} is 1 where the target
 * is a completion or {@code <end>} token (never on prompt or padding positions).
 */
record TokenBatch(int batchSize, int length, long[] inputs, long[] targets, float[] mask) {

    /** Pads every sequence with {@code padToken} to the longest one; each must hold at least 2 tokens. */
    static TokenBatch of(List<ChatTemplate.Encoded> sequences, int padToken) {
        int b = sequences.size();
        int t = 0;
        for (ChatTemplate.Encoded sequence : sequences) {
            t = Math.max(t, sequence.length() - 1);
        }
        long[] inputs = new long[b * t];
        long[] targets = new long[b * t];
        float[] mask = new float[b * t];
        Arrays.fill(inputs, padToken);
        Arrays.fill(targets, padToken);
        for (int row = 0; row < b; row++) {
            ChatTemplate.Encoded sequence = sequences.get(row);
            for (int i = 0; i + 1 < sequence.length(); i++) {
                inputs[row * t + i] = sequence.tokens()[i];
                targets[row * t + i] = sequence.tokens()[i + 1];
                mask[row * t + i] = sequence.lossMask()[i + 1] ? 1f : 0f;
            }
        }
        return new TokenBatch(b, t, inputs, targets, mask);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), same length. */
    TokenBatch rows(int from, int to) {
        return new TokenBatch(to - from, length, Arrays.copyOfRange(inputs, from * length, to * length),
                Arrays.copyOfRange(targets, from * length, to * length), Arrays.copyOfRange(mask, from * length, to * length));
    }

    /** Number of positions that are not padding. */
    long realTokens(int padToken) {
        long count = 0;
        for (long input : inputs) {
            if (input != padToken) {
                count++;
            }
        }
        return count;
    }

    /** Number of positions the loss is computed on. */
    long targetTokens() {
        long count = 0;
        for (float m : mask) {
            count += (long) m;
        }
        return count;
    }

    NDArray inputArray(NDManager manager) {
        return manager.create(inputs, new Shape(batchSize, length));                      // (B, T)
    }

    NDArray targetArray(NDManager manager) {
        return manager.create(targets, new Shape(batchSize, length));                     // (B, T)
    }

    NDArray maskArray(NDManager manager) {
        return manager.create(mask, new Shape(batchSize, length));                        // (B, T)
    }
}
