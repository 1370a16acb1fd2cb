package dev.doppel.lm.cpu;

import dev.doppel.lm.kernels.Exp;
import dev.doppel.lm.kernels.Gelu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The training kernels' vector arithmetic: the engine's fp32 exp and erf ({@link Exp}, {@link Gelu}) lane by lane,
 * and lane sums in index order. {@code reduceLanes(ADD)} leaves the order open, and its compiled and interpreted
 * forms differ in the last bit; a training run must not depend on how far the JIT has got.
 */
final class VectorMath {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private VectorMath() {
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

    /** The lanes' sum, added in lane order. */
    static float sum(FloatVector v) {
        float sum = 0f;
        for (int i = 0; i < L; i++) {
            sum += v.lane(i);
        }
        return sum;
    }

    /** The largest lane (exact in any order). */
    static float max(FloatVector v) {
        return v.reduceLanes(VectorOperators.MAX);
    }
}
