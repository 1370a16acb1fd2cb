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

    /** {@code out[i] = gelu(x[i])} for {@code i < n}. */
    static void forward(float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector erf = VectorMath.erf(v.mul(Gelu.INV_SQRT2));
            v.mul(0.5f).mul(erf.add(1f)).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = Gelu.gelu(x[i]);
        }
    }

    /** In place: {@code d[i] *= gelu'(x[i])} for {@code i < n}. */
    static void backward(float[] x, float[] d, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector cdf = VectorMath.erf(v.mul(Gelu.INV_SQRT2)).add(1f).mul(0.5f);
            FloatVector pdf = VectorMath.exp(v.mul(v).mul(-0.5f)).mul(INV_SQRT_2PI);
            FloatVector.fromArray(S, d, i).mul(v.fma(pdf, cdf)).intoArray(d, i);
        }
        for (; i < n; i++) {
            float v = x[i];
            float cdf = 0.5f * (1f + Gelu.erf(v * Gelu.INV_SQRT2));
            float pdf = INV_SQRT_2PI * Exp.exp(-0.5f * v * v);
            d[i] *= cdf + v * pdf;
        }
    }
}
