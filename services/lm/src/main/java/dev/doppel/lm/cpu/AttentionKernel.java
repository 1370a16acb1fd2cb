package dev.doppel.lm.cpu;

import static dev.doppel.lm.cpu.VectorMath.L;
import static dev.doppel.lm.cpu.VectorMath.S;

import dev.doppel.lm.kernels.Exp;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Causal self-attention of one batch row and one head, forward and backward, on the packed query-key-value
 * activations {@code (T, 3C)} of its row: the head's query, key and value are columns {@code h hs}, {@code C + h hs}
 * and {@code 2C + h hs}, {@code hs} wide. The products go to MKL ({@link Blas}) with the packed row stride, so no
 * head is copied out.
 *
 * <p>The forward pass keeps the softmax weights {@code (T, T)} for the backward pass (zero above the diagonal).
 * With dropout they are multiplied by a keep mask before weighting the values, as the DJL model does.
 */
final class AttentionKernel {

    private AttentionKernel() {
    }

    /**
     * @param qkv the row's packed activations, from {@code qkvOff}, row stride {@code 3c}
     * @param weights where the softmax weights go, {@code (t, t)} from {@code wOff}
     * @param keep the keep mask {@code (t, t)} from {@code keepOff}, or null without dropout
     * @param dropped scratch {@code (t, t)} for the weights times the mask (unused without dropout)
     * @param y where the head's output goes, from {@code yOff}, row stride {@code c}
     */
    static void forward(float[] qkv, int qkvOff, int t, int c, int head, int hs, float[] weights, int wOff,
                        float[] keep, int keepOff, float[] dropped, float[] y, int yOff) {
        int q = qkvOff + head * hs;
        int k = q + c;
        int v = q + 2 * c;
        int stride = 3 * c;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Blas.gemm(false, true, t, t, hs, scale, qkv, q, stride, qkv, k, stride, 0f, weights, wOff, t); // (t, t)
        for (int i = 0; i < t; i++) {
            causalSoftmaxRow(weights, wOff + i * t, i + 1, t);
        }
        float[] used = weights;
        int usedOff = wOff;
        if (keep != null) {
            System.arraycopy(weights, wOff, dropped, 0, t * t);
            multiply(dropped, 0, keep, keepOff, t * t);
            used = dropped;
            usedOff = 0;
        }
        Blas.gemm(false, false, t, hs, t, 1f, used, usedOff, t, qkv, v, stride, 0f, y, yOff, c);      // (t, hs)
    }

    /** Softmax of {@code s[off, off + n)}, and zeros over {@code [off + n, off + width)}: the future. */
    private static void causalSoftmaxRow(float[] s, int off, int n, int width) {
        int bound = S.loopBound(n);
        FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < bound; j += L) {
            maxV = maxV.max(FloatVector.fromArray(S, s, off + j));
        }
        float max = VectorMath.max(maxV);
        for (; j < n; j++) {
            max = Math.max(max, s[off + j]);
        }
        FloatVector sumV = FloatVector.zero(S);
        for (j = 0; j < bound; j += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, s, off + j).sub(max));
            e.intoArray(s, off + j);
            sumV = sumV.add(e);
        }
        float sum = VectorMath.sum(sumV);
        for (; j < n; j++) {
            float e = Exp.exp(s[off + j] - max);
            s[off + j] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        for (j = 0; j < bound; j += L) {
            FloatVector.fromArray(S, s, off + j).mul(inverse).intoArray(s, off + j);
        }
        for (; j < n; j++) {
            s[off + j] *= inverse;
        }
        Arrays.fill(s, off + n, off + width, 0f);
    }

    /** {@code a[aOff + i] *= b[bOff + i]} for {@code i < n}. */
    private static void multiply(float[] a, int aOff, float[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            a[aOff + i] *= b[bOff + i];
        }
    }

    /**
     * One row of the softmax's backward pass, in place over {@code d[off, off + n)}: the gradient of the weights
     * {@code p[pOff, pOff + n)} becomes that of the scores, {@code p (d - sum_j d_j p_j)}; zeros beyond.
     */
    private static void softmaxBackwardRow(float[] d, int off, float[] p, int pOff, int n, int width) {
        int bound = S.loopBound(n);
        FloatVector dotV = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            dotV = FloatVector.fromArray(S, d, off + j).fma(FloatVector.fromArray(S, p, pOff + j), dotV);
        }
        float dot = VectorMath.sum(dotV);
        for (; j < n; j++) {
            dot += d[off + j] * p[pOff + j];
        }
        for (j = 0; j < bound; j += L) {
            FloatVector.fromArray(S, d, off + j).sub(dot).mul(FloatVector.fromArray(S, p, pOff + j)).intoArray(d, off + j);
        }
        for (; j < n; j++) {
            d[off + j] = p[pOff + j] * (d[off + j] - dot);
        }
        Arrays.fill(d, off + n, off + width, 0f);
    }

    /**
     * Writes the gradients of the head's query, key and value into {@code dQkv} (same layout as {@code qkv}) from
     * {@code dY} (row stride {@code c}). {@code dWeights} and {@code dropped} are {@code (t, t)} scratch.
     */
    static void backward(float[] qkv, int qkvOff, int t, int c, int head, int hs, float[] weights, int wOff,
                         float[] keep, int keepOff, float[] dropped, float[] dY, int dyOff, float[] dWeights,
                         float[] dQkv) {
        int q = qkvOff + head * hs;
        int k = q + c;
        int v = q + 2 * c;
        int stride = 3 * c;
        float scale = (float) (1.0 / Math.sqrt(hs));
        float[] used = weights;
        int usedOff = wOff;
        if (keep != null) {
            System.arraycopy(weights, wOff, dropped, 0, t * t);
            multiply(dropped, 0, keep, keepOff, t * t);
            used = dropped;
            usedOff = 0;
        }
        Blas.gemm(false, true, t, t, hs, 1f, dY, dyOff, c, qkv, v, stride, 0f, dWeights, 0, t);       // (t, t)
        Blas.gemm(true, false, t, hs, t, 1f, used, usedOff, t, dY, dyOff, c, 0f, dQkv, v, stride);    // dV (t, hs)
        if (keep != null) {
            multiply(dWeights, 0, keep, keepOff, t * t);
        }
        for (int i = 0; i < t; i++) {
            softmaxBackwardRow(dWeights, i * t, weights, wOff + i * t, i + 1, t);
        }
        // dWeights now holds the gradient of the scores before scaling: dS = scale * (that)
        Blas.gemm(false, false, t, hs, t, scale, dWeights, 0, t, qkv, k, stride, 0f, dQkv, q, stride);  // dQ (t, hs)
        Blas.gemm(true, false, t, hs, t, scale, dWeights, 0, t, qkv, q, stride, 0f, dQkv, k, stride);   // dK (t, hs)
    }
}
