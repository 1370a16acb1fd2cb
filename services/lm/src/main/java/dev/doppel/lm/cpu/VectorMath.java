package dev.doppel.lm.cpu;

import dev.doppel.lm.kernels.Exp;
import dev.doppel.lm.kernels.Gelu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The training kernels' vector arithmetic: the engine's fp32 exp and erf ({@link Exp}, {@link Gelu}) lane by lane,
 * and lane sums in a fixed order. {@code reduceLanes(ADD)} leaves the order open, and its compiled and interpreted
 * forms differ in the last bit; a training run must not depend on how far the JIT has got.
 */
final class VectorMath {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final VectorShuffle<Float>[] BUTTERFLY = butterfly();
    private static final VectorShuffle<Float> XOR8 = partner(8);
    private static final VectorShuffle<Float> XOR4 = partner(4);
    private static final VectorShuffle<Float> XOR2 = partner(2);
    private static final VectorShuffle<Float> XOR1 = partner(1);

    private VectorMath() {
    }

    /** Lane {@code i}'s partner {@code i ^ step}, or null where the vector has no such lanes. */
    private static VectorShuffle<Float> partner(int step) {
        return step < L ? VectorShuffle.fromOp(S, lane -> lane ^ step) : null;
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] butterfly() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] shuffles = new VectorShuffle[steps];
        for (int i = 0; i < steps; i++) {
            shuffles[i] = partner(L >> (i + 1));
        }
        return shuffles;
    }

    /** {@link Exp#exp} on every lane. */
    static FloatVector exp(FloatVector value) {
        FloatVector x = value.max(Exp.MIN).min(Exp.MAX);
        FloatVector t = x.fma(Exp.LOG2E, Exp.ROUNDER);
        FloatVector n = t.sub(Exp.ROUNDER);                                              // round(x / ln 2)
        FloatVector r = n.fma(FloatVector.broadcast(S, -Exp.LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -Exp.LN2_LO), r);
        FloatVector p = r.fma(Exp.P0, Exp.P1).fma(r, FloatVector.broadcast(S, Exp.P2)).fma(r, FloatVector.broadcast(S, Exp.P3))
                .fma(r, FloatVector.broadcast(S, Exp.P4)).fma(r, FloatVector.broadcast(S, Exp.P5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector bits = (IntVector) t.reinterpretAsInts();
        return y.mul(bits.sub(Exp.ROUNDER_BITS).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    /** {@link Gelu#erf} on every lane. */
    static FloatVector erf(FloatVector x) {
        FloatVector c = x.max(-Gelu.CLAMP).min(Gelu.CLAMP);
        FloatVector c2 = c.mul(c);
        FloatVector p = c2.fma(Gelu.A13, Gelu.A11).fma(c2, FloatVector.broadcast(S, Gelu.A9))
                .fma(c2, FloatVector.broadcast(S, Gelu.A7)).fma(c2, FloatVector.broadcast(S, Gelu.A5))
                .fma(c2, FloatVector.broadcast(S, Gelu.A3)).fma(c2, FloatVector.broadcast(S, Gelu.A1));
        FloatVector q = c2.fma(Gelu.B8, Gelu.B6).fma(c2, FloatVector.broadcast(S, Gelu.B4))
                .fma(c2, FloatVector.broadcast(S, Gelu.B2)).fma(c2, FloatVector.broadcast(S, Gelu.B0));
        return c.mul(p).div(q);
    }

    /**
     * The lanes' sum, as a fixed tree of lane-wise additions: lane {@code i} adds lane {@code i ^ step} for steps
     * {@code L/2 ... 1}. Every form of the code adds in this order, which {@code reduceLanes(ADD)} does not promise.
     * Written out for up to 16 lanes (AVX-512), so that the shuffles are constants; wider vectors take the loop.
     */
    static float sum(FloatVector v) {
        if (L > 16) {
            FloatVector total = v;
            for (VectorShuffle<Float> partner : BUTTERFLY) {
                total = total.add(total.rearrange(partner));
            }
            return total.lane(0);
        }
        FloatVector total = v;
        if (L >= 16) {
            total = total.add(total.rearrange(XOR8));
        }
        if (L >= 8) {
            total = total.add(total.rearrange(XOR4));
        }
        if (L >= 4) {
            total = total.add(total.rearrange(XOR2));
        }
        if (L >= 2) {
            total = total.add(total.rearrange(XOR1));
        }
        return total.lane(0);
    }

    /** The largest lane (exact in any order). */
    static float max(FloatVector v) {
        return v.reduceLanes(VectorOperators.MAX);
    }

    /**
     * {@code x[i] = exp(x[i] - shift)} over {@code [off, off + n)}, and returns their sum (in a fixed order): the
     * softmaxes' middle pass. Whole vectors, then the last, partial one masked instead of finished lane by lane.
     */
    static float expAndSum(float[] x, int off, int n, float shift) {
        FloatVector sumV = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector e = exp(FloatVector.fromArray(S, x, off + i).sub(shift));
            e.intoArray(x, off + i);
            sumV = sumV.add(e);
        }
        if (i < n) {
            VectorMask<Float> tail = S.indexInRange(i, n);
            FloatVector e = exp(FloatVector.fromArray(S, x, off + i, tail).sub(shift));
            e.intoArray(x, off + i, tail);
            sumV = sumV.add(e, tail);
        }
        return sum(sumV);
    }

    /** {@code x[i] *= factor} over {@code [off, off + n)}, the last, partial vector masked. */
    static void scale(float[] x, int off, int n, float factor) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(factor).intoArray(x, off + i);
        }
        if (i < n) {
            VectorMask<Float> tail = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, off + i, tail).mul(factor).intoArray(x, off + i, tail);
        }
    }

    /** Adds the column sums of {@code m}, {@code rows} rows of {@code width}, into {@code into[0, width)}. */
    static void addColumnSums(float[] m, int rows, int width, float[] into) {
        int bound = S.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, into, j).add(FloatVector.fromArray(S, m, off + j)).intoArray(into, j);
            }
            for (; j < width; j++) {
                into[j] += m[off + j];
            }
        }
    }

    /** Adds {@code v[0, width)} to each of the {@code rows} rows of {@code m}. */
    static void addToRows(float[] m, int rows, int width, float[] v) {
        int bound = S.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, m, off + j).add(FloatVector.fromArray(S, v, j)).intoArray(m, off + j);
            }
            for (; j < width; j++) {
                m[off + j] += v[j];
            }
        }
    }

    /**
     * Zeros {@code a[from, to)} in masked vector stores: the ranges here are a few dozen floats, where a call to
     * the JVM's fill stub costs more than the stores.
     */
    static void zero(float[] a, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = from; i < to; i += L) {
            zero.intoArray(a, i, S.indexInRange(i, to));
        }
    }
}
