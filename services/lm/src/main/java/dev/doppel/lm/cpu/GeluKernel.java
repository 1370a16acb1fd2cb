package dev.doppel.lm.cpu;

import static dev.doppel.lm.cpu.VectorMath.L;
import static dev.doppel.lm.cpu.VectorMath.S;

import dev.doppel.lm.kernels.Exp;
import dev.doppel.lm.kernels.Gelu;
import jdk.incubator.vector.FloatVector;

/**
 * GELU with the exact erf (PyTorch's default), forward and backward: {@code d/dx x Phi(x) = Phi(x) + x phi(x)}.
 * erf and exp are the engine's own fp32 approximations ({@link Gelu}, {@link Exp}), in vectors.
 */
final class GeluKernel {

    private static final float INV_SQRT_2PI = 0.3989422804014327f;

    private GeluKernel() {
    }

    /**
     * For each of {@code rows} rows of {@code width}: adds {@code bias} (null for none) to {@code pre} in place,
     * and writes {@code act = gelu(pre)}. The linear layer's bias is added here rather than in a pass of its own.
     */
    static void forward(float[] pre, float[] bias, float[] act, int rows, int width) {
        int bound = S.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, pre, off + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, j));
                    v.intoArray(pre, off + j);
                }
                FloatVector erf = VectorMath.erf(v.mul(Gelu.INV_SQRT2));
                v.mul(0.5f).mul(erf.add(1f)).intoArray(act, off + j);
            }
            for (; j < width; j++) {
                if (bias != null) {
                    pre[off + j] += bias[j];
                }
                act[off + j] = Gelu.gelu(pre[off + j]);
            }
        }
    }

    /**
     * In place, for each of {@code rows} rows of {@code width}: {@code d *= gelu'(pre)}; and adds the result's
     * column sums, the gradient of the bias added in {@link #forward}, into {@code dBias} (null for none).
     */
    static void backward(float[] pre, float[] d, float[] dBias, int rows, int width) {
        int bound = S.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, pre, off + j);
                FloatVector cdf = VectorMath.erf(v.mul(Gelu.INV_SQRT2)).add(1f).mul(0.5f);
                FloatVector pdf = VectorMath.exp(v.mul(v).mul(-0.5f)).mul(INV_SQRT_2PI);
                FloatVector g = FloatVector.fromArray(S, d, off + j).mul(v.fma(pdf, cdf));
                g.intoArray(d, off + j);
                if (dBias != null) {
                    g.add(FloatVector.fromArray(S, dBias, j)).intoArray(dBias, j);
                }
            }
            for (; j < width; j++) {
                float v = pre[off + j];
                float cdf = 0.5f * (1f + Gelu.erf(v * Gelu.INV_SQRT2));
                float pdf = INV_SQRT_2PI * Exp.exp(-0.5f * v * v);
                d[off + j] *= cdf + v * pdf;
                if (dBias != null) {
                    dBias[j] += d[off + j];
                }
            }
        }
    }
}
