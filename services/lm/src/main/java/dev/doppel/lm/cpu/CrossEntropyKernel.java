package dev.doppel.lm.cpu;

import dev.doppel.lm.kernels.Exp;

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
            int target = (int) targets[p];
            float targetLogit = logits[off + target];
            float max = logits[off];
            int argmax = 0;
            for (int i = 1; i < v; i++) {
                if (logits[off + i] > max) {
                    max = logits[off + i];
                    argmax = i;
                }
            }
            float sum = 0f;
            for (int i = 0; i < v; i++) {
                float e = Exp.exp(logits[off + i] - max);
                logits[off + i] = e;
                sum += e;
            }
            loss += weight * (Math.log(sum) + max - targetLogit);
            if (argmax == target) {
                correct += weight;
            }
            float factor = scale * weight / sum;
            for (int i = 0; i < v; i++) {
                logits[off + i] *= factor;
            }
            logits[off + target] -= scale * weight;
        }
        return new PassTotals(loss * scale, correct);
    }
}
