package dev.doppel.lm.cpu;

import static dev.doppel.lm.cpu.VectorMath.L;
import static dev.doppel.lm.cpu.VectorMath.S;

import dev.doppel.lm.kernels.Exp;
import jdk.incubator.vector.FloatVector;

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
            float sum = expAndSum(logits, off, v, max);
            loss += weight * (Math.log(sum) + max - targetLogit);
            if (argmax == target) {
                correct += weight;
            }
            scale(logits, off, v, scale * weight / sum);
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

    /** {@code x[i] = exp(x[i] - max)} over {@code [off, off + n)}; returns the sum. */
    private static float expAndSum(float[] x, int off, int n, float max) {
        FloatVector sumV = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, off + i).sub(max));
            e.intoArray(x, off + i);
            sumV = sumV.add(e);
        }
        float sum = VectorMath.sum(sumV);
        for (; i < n; i++) {
            float e = Exp.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        return sum;
    }

    private static void scale(float[] x, int off, int n, float factor) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(factor).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= factor;
        }
    }
}
