package dev.doppel.lm.kernels;

import java.nio.FloatBuffer;

/**
 * AdamW's arithmetic fused into one pass over a parameter's memory: where the same update written as tensor
 * operations reads and writes every parameter-sized array about fifteen times (one native call each), this
 * reads the weight, gradient and both moments once and writes the weight and moments once. The buffers are
 * views of CPU tensors' memory (or of anything else); the work goes through small on-heap blocks so that
 * the loops are plain array loops C2 vectorizes.
 *
 * <p>Per element, in this order (the order of nanoGPT's AdamW): {@code w *= 1 - lr * decay}; {@code g *= gradScale};
 * {@code m = beta1 m + (1 - beta1) g}; {@code v = beta2 v + (1 - beta2) g^2};
 * {@code w -= lr * (m / c1) / (sqrt(v / c2) + eps)}, with the bias corrections {@code c1, c2}.
 */
public final class AdamWUpdate {

    /** Floats per on-heap block: four blocks of 4 KB stay in L1 while a block is updated. */
    static final int BLOCK = 1024;

    /**
     * One step's constants.
     *
     * @param gradScale what the gradient is multiplied by first (global-norm clipping), 1 for none
     * @param correction1 {@code 1 - beta1^t}
     * @param correction2 {@code 1 - beta2^t}
     */
    public record Step(float learningRate, float beta1, float beta2, float epsilon, float correction1, float correction2,
                       float gradScale) {
    }

    private AdamWUpdate() {
    }

    /**
     * Adds each of {@code sources} into {@code g} over {@code [from, to)}, in order, and returns the sum of squares
     * of the result, in double. With no sources {@code g} is only read.
     */
    public static double addAndSumOfSquares(FloatBuffer g, FloatBuffer[] sources, int from, int to) {
        float[] block = new float[BLOCK];
        float[] source = new float[BLOCK];
        double total = 0;
        for (int start = from; start < to; start += BLOCK) {
            int n = Math.min(BLOCK, to - start);
            g.get(start, block, 0, n);
            for (FloatBuffer added : sources) {
                added.get(start, source, 0, n);
                for (int i = 0; i < n; i++) {
                    block[i] += source[i];
                }
            }
            if (sources.length > 0) {
                g.put(start, block, 0, n);
            }
            float partial = 0; // a block's sum in float (vectorizes), blocks summed in double
            for (int i = 0; i < n; i++) {
                partial += block[i] * block[i];
            }
            total += partial;
        }
        return total;
    }

    /**
     * Updates {@code w, m, v} over {@code [from, to)} in place from {@code g}; {@code weightDecay} is 0 for the
     * parameters that do not decay.
     */
    public static void apply(FloatBuffer w, FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int to,
                             float weightDecay, Step step) {
        float[] wb = new float[BLOCK];
        float[] gb = new float[BLOCK];
        float[] mb = new float[BLOCK];
        float[] vb = new float[BLOCK];
        float lr = step.learningRate();
        float keep = 1f - lr * weightDecay;
        float b1 = step.beta1();
        float b2 = step.beta2();
        float inv1 = 1f - b1;
        float inv2 = 1f - b2;
        float c1 = step.correction1();
        float c2 = step.correction2();
        float eps = step.epsilon();
        float scale = step.gradScale();
        for (int start = from; start < to; start += BLOCK) {
            int n = Math.min(BLOCK, to - start);
            w.get(start, wb, 0, n);
            g.get(start, gb, 0, n);
            m.get(start, mb, 0, n);
            v.get(start, vb, 0, n);
            for (int i = 0; i < n; i++) {
                float gi = gb[i] * scale;
                float mi = mb[i] * b1 + gi * inv1;
                float vi = vb[i] * b2 + gi * gi * inv2;
                float denominator = (float) Math.sqrt(vi / c2) + eps;
                wb[i] = wb[i] * keep - mi / c1 / denominator * lr;
                mb[i] = mi;
                vb[i] = vi;
            }
            w.put(start, wb, 0, n);
            m.put(start, mb, 0, n);
            v.put(start, vb, 0, n);
        }
    }
}
