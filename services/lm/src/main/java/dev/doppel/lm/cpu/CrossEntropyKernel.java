package dev.doppel.lm.cpu;

/**
 * Masked next-token cross-entropy over logits, with its gradient written over the logits in place: the loss
 * counts a position only where its mask is 1 (prompt and padding positions have 0, and no gradient).
 */
final class CrossEntropyKernel {

    private CrossEntropyKernel() {
    }

    /**
     * For each of {@code positions} rows of {@code logits} (width {@code v}): adds {@code scale * mask * -log
     * softmax(row)[target]} to the loss and counts the masked rows whose first largest logit is the target (as
     * argmax does); then replaces the row by the gradient of the scaled loss, {@code scale * mask * (softmax -
     * onehot(target))}.
     */
    static PassTotals forwardBackward(float[] logits, long[] targets, float[] mask, int positions, int v, float scale) {
        double loss = 0;
        double correct = 0;
        for (int p = 0; p < positions; p++) {
            int off = p * v;
            float weight = mask[p];
            if (weight == 0f) {
                java.util.Arrays.fill(logits, off, off + v, 0f);
                continue;
            }
            long target = targets[p];
            if (target < 0 || target >= v) {
                throw new IllegalArgumentException("target " + target + " at position " + p + " is outside the vocabulary of " + v);
            }
            float targetLogit = logits[off + (int) target];
            int argmax = argmax(logits, off, v);
            float max = logits[off + argmax];
            float sum = VectorMath.expAndSum(logits, off, v, max);
            loss += weight * (Math.log(sum) + max - targetLogit);
            if (argmax == target) {
                correct += weight;
            }
            VectorMath.scale(logits, off, v, scale * weight / sum);
            logits[off + (int) target] -= scale * weight;
        }
        return new PassTotals(loss * scale, correct);
    }

    /** The index of the first largest of {@code x[off, off + n)}, as argmax does. */
    private static int argmax(float[] x, int off, int n) {
        float max = x[off];
        int at = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > max) {
                max = x[off + i];
                at = i;
            }
        }
        return at;
    }
}
