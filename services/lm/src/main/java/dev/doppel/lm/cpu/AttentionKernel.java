package dev.doppel.lm.cpu;

import static dev.doppel.lm.cpu.VectorMath.L;
import static dev.doppel.lm.cpu.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Causal self-attention of one batch row and one head, forward and backward, on the packed query-key-value
 * activations {@code (T, 3C)} of its row: the head's query, key and value are columns {@code h hs}, {@code C + h hs}
 * and {@code 2C + h hs}, {@code hs} wide. The products go to MKL ({@link Blas}) with the packed row stride, so no
 * head is copied out.
 *
 * <p>The forward pass keeps the softmax weights {@code (T, T)} for the backward pass: row {@code i} is written up
 * to the end of its query block (zero after {@code i}), and nothing reads beyond that. With dropout the weights
 * are multiplied by a keep mask before weighting the values, as the DJL model does.
 */
final class AttentionKernel {

    /**
     * Queries per block: a block of queries meets only the keys up to its last query, so the products skip most
     * of the future, which the softmax would zero anyway (with 128 positions, 5/8 of the full products' work).
     */
    static final int QUERY_BLOCK = 32;

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
        for (int from = 0; from < t; from += QUERY_BLOCK) {
            int to = Math.min(t, from + QUERY_BLOCK); // queries [from, to) see keys [0, to)
            int rows = to - from;
            int w = wOff + from * t;
            Blas.gemm(false, true, rows, to, hs, scale, qkv, q + from * stride, stride, qkv, k, stride, 0f, weights, w, t); // (rows, to)
            for (int i = from; i < to; i++) {
                causalSoftmaxRow(weights, wOff + i * t, i + 1, to);
            }
            float[] used = weights;
            int usedOff = w;
            if (keep != null) {
                dropBlock(weights, wOff, keep, keepOff, dropped, from, to, t);
                used = dropped;
                usedOff = from * t;
            }
            Blas.gemm(false, false, rows, hs, to, 1f, used, usedOff, t, qkv, v, stride, 0f, y, yOff + from * c, c); // (rows, hs)
        }
    }

    /**
     * Softmax of {@code s[off, off + n)}, and zeros over {@code [off + n, off + width)}: the block's future. The
     * last, partial vector of each pass is masked instead of finished lane by lane.
     */
    private static void causalSoftmaxRow(float[] s, int off, int n, int width) {
        FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j + L <= n; j += L) {
            maxV = maxV.max(FloatVector.fromArray(S, s, off + j));
        }
        if (j < n) {
            VectorMask<Float> tail = S.indexInRange(j, n);
            maxV = maxV.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, s, off + j, tail), tail);
        }
        float max = VectorMath.max(maxV);
        VectorMath.scale(s, off, n, 1f / VectorMath.expAndSum(s, off, n, max));
        VectorMath.zero(s, off + n, off + width);
    }

    /**
     * The weights of query rows {@code [from, to)} times their keep mask, into the same rows of {@code dropped}:
     * columns {@code [0, to)}, all that the block's products read.
     */
    private static void dropBlock(float[] weights, int wOff, float[] keep, int keepOff, float[] dropped, int from, int to,
                                  int t) {
        for (int i = from; i < to; i++) {
            multiply(dropped, i * t, weights, wOff + i * t, keep, keepOff + i * t, to);
        }
    }

    /** {@code out[outOff + i] = a[aOff + i] * b[bOff + i]} for {@code i < n}. */
    private static void multiply(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /**
     * One row of the softmax's backward pass, in place over {@code d[off, off + n)}: the gradient of the weights
     * {@code p[pOff, pOff + n)} becomes that of the scores, {@code p (d - sum_j d_j p_j)}; zeros beyond.
     */
    private static void softmaxBackwardRow(float[] d, int off, float[] p, int pOff, int n, int width) {
        FloatVector dotV = FloatVector.zero(S);
        int j = 0;
        for (; j + L <= n; j += L) {
            dotV = FloatVector.fromArray(S, d, off + j).fma(FloatVector.fromArray(S, p, pOff + j), dotV);
        }
        VectorMask<Float> tail = S.indexInRange(j, n);
        int full = j;
        if (full < n) {
            dotV = dotV.add(FloatVector.fromArray(S, d, off + full, tail).mul(FloatVector.fromArray(S, p, pOff + full, tail)), tail);
        }
        float dot = VectorMath.sum(dotV);
        for (j = 0; j < full; j += L) {
            FloatVector.fromArray(S, d, off + j).sub(dot).mul(FloatVector.fromArray(S, p, pOff + j)).intoArray(d, off + j);
        }
        if (full < n) {
            FloatVector.fromArray(S, d, off + full, tail).sub(dot).mul(FloatVector.fromArray(S, p, pOff + full, tail))
                    .intoArray(d, off + full, tail);
        }
        VectorMath.zero(d, off + n, off + width);
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
        // Last block first: it reaches every key, so its products set dK and dV (beta 0) before the others add.
        int last = (t - 1) / QUERY_BLOCK * QUERY_BLOCK;
        for (int from = last; from >= 0; from -= QUERY_BLOCK) {
            int to = Math.min(t, from + QUERY_BLOCK);
            int rows = to - from;
            float beta = from == last ? 0f : 1f;
            float[] used = weights;
            int usedOff = wOff + from * t;
            if (keep != null) {
                dropBlock(weights, wOff, keep, keepOff, dropped, from, to, t);
                used = dropped;
                usedOff = from * t;
            }
            Blas.gemm(false, true, rows, to, hs, 1f, dY, dyOff + from * c, c, qkv, v, stride, 0f, dWeights, from * t, t); // (rows, to)
            Blas.gemm(true, false, to, hs, rows, 1f, used, usedOff, t, dY, dyOff + from * c, c, beta, dQkv, v, stride);   // dV (to, hs)
            for (int i = from; i < to; i++) {
                if (keep != null) {
                    multiply(dWeights, i * t, dWeights, i * t, keep, keepOff + i * t, to);
                }
                softmaxBackwardRow(dWeights, i * t, weights, wOff + i * t, i + 1, to);
            }
            // dWeights now holds the gradient of the scores before scaling: dS = scale * (that)
            Blas.gemm(false, false, rows, hs, to, scale, dWeights, from * t, t, qkv, k, stride, 0f, dQkv, q + from * stride, stride); // dQ
            Blas.gemm(true, false, to, hs, rows, scale, dWeights, from * t, t, qkv, q + from * stride, stride, beta, dQkv, k, stride); // dK
        }
    }
}
