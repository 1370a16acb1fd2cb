package dev.doppel.lm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JDK Vector API kernels, at the CPU's preferred width (16 floats with AVX-512, 8 with AVX2). Loaded only
 * through {@link VectorSupport}: this class cannot be linked without {@code jdk.incubator.vector}.
 */
final class VectorKernels extends ScalarKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Four accumulators: enough to hide FMA latency while the weight stream, not arithmetic, sets the pace. */
    private static final int WIDTH = 4 * L;

    VectorKernels() {
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public int vectorLength() {
        return L;
    }

    @Override
    public int blockWidth() {
        return WIDTH;
    }

    @Override
    public void linear(PackedLinear w, float[] x, int xOff, float[] out, int outOff, int fromBlock, int toBlock, Epilogue epilogue) {
        linearRows(w, x, xOff, 0, 1, out, outOff, 0, fromBlock, toBlock, epilogue);
    }

    @Override
    public void linearRows(PackedLinear w, float[] x, int xOff, int xStride, int rows, float[] out, int outOff, int outStride,
                           int fromBlock, int toBlock, Epilogue epilogue) {
        if (w.width() != WIDTH) {
            super.linearRows(w, x, xOff, xStride, rows, out, outOff, outStride, fromBlock, toBlock, epilogue);
            return;
        }
        boolean add = epilogue == Epilogue.ADD;
        for (int b = fromBlock; b < toBlock; b++) { // a block's weights stay in L1/L2 while the rows pass through
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                block4(w, b, x, xOff + r * xStride, xStride, out, outOff + r * outStride, outStride, add);
            }
            for (; r < rows; r++) {
                block1(w, b, x, xOff + r * xStride, out, outOff + r * outStride, add);
            }
        }
        if (epilogue == Epilogue.GELU) {
            // A second pass over L1-resident outputs: inlining gelu four times into the block loop would exceed
            // C2's inlining budget, and a vector that crosses a call that is not inlined is boxed on the heap.
            for (int r = 0; r < rows; r++) {
                int o = outOff + r * outStride;
                gelu(out, o + fromBlock * WIDTH, o + toBlock * WIDTH);
            }
        }
    }

    /** One block of outputs for one row: four accumulators, one FMA each per input. */
    private static void block1(PackedLinear w, int b, float[] x, int xOff, float[] out, int outOff, boolean add) {
        int in = w.in();
        float[] weights = w.weights();
        float[] bias = w.bias();
        int col = b * WIDTH;
        FloatVector a0;
        FloatVector a1;
        FloatVector a2;
        FloatVector a3;
        if (bias != null) {
            a0 = FloatVector.fromArray(S, bias, col);
            a1 = FloatVector.fromArray(S, bias, col + L);
            a2 = FloatVector.fromArray(S, bias, col + 2 * L);
            a3 = FloatVector.fromArray(S, bias, col + 3 * L);
        } else {
            a0 = FloatVector.zero(S);
            a1 = a0;
            a2 = a0;
            a3 = a0;
        }
        int row = b * in * WIDTH;
        for (int i = 0; i < in; i++, row += WIDTH) {
            FloatVector xi = FloatVector.broadcast(S, x[xOff + i]);
            a0 = FloatVector.fromArray(S, weights, row).fma(xi, a0);
            a1 = FloatVector.fromArray(S, weights, row + L).fma(xi, a1);
            a2 = FloatVector.fromArray(S, weights, row + 2 * L).fma(xi, a2);
            a3 = FloatVector.fromArray(S, weights, row + 3 * L).fma(xi, a3);
        }
        int o = outOff + col;
        if (add) {
            a0 = a0.add(FloatVector.fromArray(S, out, o));
            a1 = a1.add(FloatVector.fromArray(S, out, o + L));
            a2 = a2.add(FloatVector.fromArray(S, out, o + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, out, o + 3 * L));
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + L);
        a2.intoArray(out, o + 2 * L);
        a3.intoArray(out, o + 3 * L);
    }

    /**
     * One block of outputs for four rows: sixteen accumulators, and each weight vector loaded once for four
     * FMAs. Per output the same operations as {@link #block1}, so a row's results do not depend on batching.
     */
    private static void block4(PackedLinear w, int b, float[] x, int xOff, int xStride, float[] out, int outOff, int outStride,
                               boolean add) {
        int in = w.in();
        float[] weights = w.weights();
        float[] bias = w.bias();
        int col = b * WIDTH;
        FloatVector b0;
        FloatVector b1;
        FloatVector b2;
        FloatVector b3;
        if (bias != null) {
            b0 = FloatVector.fromArray(S, bias, col);
            b1 = FloatVector.fromArray(S, bias, col + L);
            b2 = FloatVector.fromArray(S, bias, col + 2 * L);
            b3 = FloatVector.fromArray(S, bias, col + 3 * L);
        } else {
            b0 = FloatVector.zero(S);
            b1 = b0;
            b2 = b0;
            b3 = b0;
        }
        FloatVector a00 = b0, a01 = b1, a02 = b2, a03 = b3; // row 0, vectors 0..3
        FloatVector a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        FloatVector a20 = b0, a21 = b1, a22 = b2, a23 = b3;
        FloatVector a30 = b0, a31 = b1, a32 = b2, a33 = b3;
        int x0 = xOff;
        int x1 = x0 + xStride;
        int x2 = x1 + xStride;
        int x3 = x2 + xStride;
        int row = b * in * WIDTH;
        for (int i = 0; i < in; i++, row += WIDTH) {
            FloatVector w0 = FloatVector.fromArray(S, weights, row);
            FloatVector w1 = FloatVector.fromArray(S, weights, row + L);
            FloatVector w2 = FloatVector.fromArray(S, weights, row + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, weights, row + 3 * L);
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            a00 = w0.fma(v, a00);
            a01 = w1.fma(v, a01);
            a02 = w2.fma(v, a02);
            a03 = w3.fma(v, a03);
            v = FloatVector.broadcast(S, x[x1 + i]);
            a10 = w0.fma(v, a10);
            a11 = w1.fma(v, a11);
            a12 = w2.fma(v, a12);
            a13 = w3.fma(v, a13);
            v = FloatVector.broadcast(S, x[x2 + i]);
            a20 = w0.fma(v, a20);
            a21 = w1.fma(v, a21);
            a22 = w2.fma(v, a22);
            a23 = w3.fma(v, a23);
            v = FloatVector.broadcast(S, x[x3 + i]);
            a30 = w0.fma(v, a30);
            a31 = w1.fma(v, a31);
            a32 = w2.fma(v, a32);
            a33 = w3.fma(v, a33);
        }
        int o0 = outOff + col;
        int o1 = o0 + outStride;
        int o2 = o1 + outStride;
        int o3 = o2 + outStride;
        if (add) {
            a00 = a00.add(FloatVector.fromArray(S, out, o0));
            a01 = a01.add(FloatVector.fromArray(S, out, o0 + L));
            a02 = a02.add(FloatVector.fromArray(S, out, o0 + 2 * L));
            a03 = a03.add(FloatVector.fromArray(S, out, o0 + 3 * L));
            a10 = a10.add(FloatVector.fromArray(S, out, o1));
            a11 = a11.add(FloatVector.fromArray(S, out, o1 + L));
            a12 = a12.add(FloatVector.fromArray(S, out, o1 + 2 * L));
            a13 = a13.add(FloatVector.fromArray(S, out, o1 + 3 * L));
            a20 = a20.add(FloatVector.fromArray(S, out, o2));
            a21 = a21.add(FloatVector.fromArray(S, out, o2 + L));
            a22 = a22.add(FloatVector.fromArray(S, out, o2 + 2 * L));
            a23 = a23.add(FloatVector.fromArray(S, out, o2 + 3 * L));
            a30 = a30.add(FloatVector.fromArray(S, out, o3));
            a31 = a31.add(FloatVector.fromArray(S, out, o3 + L));
            a32 = a32.add(FloatVector.fromArray(S, out, o3 + 2 * L));
            a33 = a33.add(FloatVector.fromArray(S, out, o3 + 3 * L));
        }
        a00.intoArray(out, o0);
        a01.intoArray(out, o0 + L);
        a02.intoArray(out, o0 + 2 * L);
        a03.intoArray(out, o0 + 3 * L);
        a10.intoArray(out, o1);
        a11.intoArray(out, o1 + L);
        a12.intoArray(out, o1 + 2 * L);
        a13.intoArray(out, o1 + 3 * L);
        a20.intoArray(out, o2);
        a21.intoArray(out, o2 + L);
        a22.intoArray(out, o2 + 2 * L);
        a23.intoArray(out, o2 + 3 * L);
        a30.intoArray(out, o3);
        a31.intoArray(out, o3 + L);
        a32.intoArray(out, o3 + 2 * L);
        a33.intoArray(out, o3 + 3 * L);
    }

    @Override
    public void layerNorm(float[] x, int xOff, int n, float[] gamma, float[] beta, float eps, float[] out, int outOff) {
        int bound = S.loopBound(n);
        FloatVector sumV = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += L) {
            sumV = sumV.add(FloatVector.fromArray(S, x, xOff + i));
        }
        float sum = sumLanes(sumV);
        for (; i < n; i++) {
            sum += x[xOff + i];
        }
        float mean = sum / n;
        FloatVector meanV = FloatVector.broadcast(S, mean);
        FloatVector squaresV = FloatVector.zero(S);
        for (i = 0; i < bound; i += L) {
            FloatVector centered = FloatVector.fromArray(S, x, xOff + i).sub(meanV);
            squaresV = centered.fma(centered, squaresV);
        }
        float squares = sumLanes(squaresV);
        for (; i < n; i++) {
            float centered = x[xOff + i] - mean;
            squares += centered * centered;
        }
        float rstd = (float) (1.0 / Math.sqrt(squares / n + eps));
        FloatVector rstdV = FloatVector.broadcast(S, rstd);
        for (i = 0; i < bound; i += L) {
            FloatVector y = FloatVector.fromArray(S, x, xOff + i).sub(meanV).mul(rstdV).mul(FloatVector.fromArray(S, gamma, i));
            if (beta != null) {
                y = y.add(FloatVector.fromArray(S, beta, i));
            }
            y.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float normalized = (x[xOff + i] - mean) * rstd * gamma[i];
            out[outOff + i] = beta == null ? normalized : normalized + beta[i];
        }
    }

    /** Vectors over positions: each score row is a block of outputs, like {@link #linear} with stride rows. */
    @Override
    public void attentionScores(float[] q, int qOff, int headSize, float[] keysT, int kOff, int stride, int n, float[] scores) {
        int p = 0;
        for (; p + 4 * L <= n; p += 4 * L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            int row = kOff + p;
            for (int c = 0; c < headSize; c++, row += stride) {
                FloatVector qc = FloatVector.broadcast(S, q[qOff + c]);
                a0 = FloatVector.fromArray(S, keysT, row).fma(qc, a0);
                a1 = FloatVector.fromArray(S, keysT, row + L).fma(qc, a1);
                a2 = FloatVector.fromArray(S, keysT, row + 2 * L).fma(qc, a2);
                a3 = FloatVector.fromArray(S, keysT, row + 3 * L).fma(qc, a3);
            }
            a0.intoArray(scores, p);
            a1.intoArray(scores, p + L);
            a2.intoArray(scores, p + 2 * L);
            a3.intoArray(scores, p + 3 * L);
        }
        for (; p < n; p += L) { // the last vector may run past n into the rows' padding
            FloatVector a = FloatVector.zero(S);
            int row = kOff + p;
            for (int c = 0; c < headSize; c++, row += stride) {
                a = FloatVector.fromArray(S, keysT, row).fma(FloatVector.broadcast(S, q[qOff + c]), a);
            }
            a.intoArray(scores, p);
        }
    }

    @Override
    public void softmax(float[] s, int n) {
        int bound = S.loopBound(n);
        FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) {
            maxV = maxV.max(FloatVector.fromArray(S, s, i));
        }
        float max = maxV.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, s[i]);
        }
        FloatVector shift = FloatVector.broadcast(S, max);
        FloatVector sumV = FloatVector.zero(S);
        // Exp.exp lane by lane, operation for operation, so that vector lanes and the scalar tail agree to the bit;
        // written out here because a helper taking a FloatVector boxes it whenever C2 does not inline the helper
        FloatVector ln2Hi = FloatVector.broadcast(S, -Exp.LN2_HI);
        FloatVector ln2Lo = FloatVector.broadcast(S, -Exp.LN2_LO);
        FloatVector p2 = FloatVector.broadcast(S, Exp.P2);
        FloatVector p3 = FloatVector.broadcast(S, Exp.P3);
        FloatVector p4 = FloatVector.broadcast(S, Exp.P4);
        FloatVector p5 = FloatVector.broadcast(S, Exp.P5);
        for (i = 0; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, s, i).sub(shift).max(Exp.MIN).min(Exp.MAX);
            FloatVector t = x.fma(Exp.LOG2E, Exp.ROUNDER);
            FloatVector n2 = t.sub(Exp.ROUNDER);                                           // round(x / ln 2)
            FloatVector r = n2.fma(ln2Hi, x);
            r = n2.fma(ln2Lo, r);
            FloatVector p = r.fma(Exp.P0, Exp.P1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
            FloatVector y = p.fma(r.mul(r), r).add(1f);
            IntVector bits = (IntVector) t.reinterpretAsInts();
            FloatVector e = y.mul(bits.sub(Exp.ROUNDER_BITS).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            e.intoArray(s, i);
            sumV = sumV.add(e);
        }
        float sum = sumLanes(sumV);
        for (; i < n; i++) {
            float e = Exp.exp(s[i] - max);
            s[i] = e;
            sum += e;
        }
        FloatVector inv = FloatVector.broadcast(S, 1f / sum);
        for (i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, s, i).mul(inv).intoArray(s, i);
        }
        for (; i < n; i++) {
            s[i] *= 1f / sum;
        }
    }

    @Override
    public void weightedSum(float[] weights, int n, float[] values, int vOff, int headSize, float[] out, int outOff) {
        if (headSize % L != 0) {
            super.weightedSum(weights, n, values, vOff, headSize, out, outOff);
            return;
        }
        for (int c = 0; c < headSize; c += L) {
            // two chains over even and odd positions halve the FMA latency the loop waits on
            FloatVector even = FloatVector.zero(S);
            FloatVector odd = even;
            int p = 0;
            int row = vOff + c;
            for (; p + 1 < n; p += 2, row += 2 * headSize) {
                even = FloatVector.fromArray(S, values, row).fma(FloatVector.broadcast(S, weights[p]), even);
                odd = FloatVector.fromArray(S, values, row + headSize).fma(FloatVector.broadcast(S, weights[p + 1]), odd);
            }
            if (p < n) {
                even = FloatVector.fromArray(S, values, row).fma(FloatVector.broadcast(S, weights[p]), even);
            }
            even.add(odd).intoArray(out, outOff + c);
        }
    }

    /**
     * Lanes summed in index order. {@code reduceLanes(ADD)} leaves the order open, and its compiled and
     * interpreted forms do differ in the last bit; logits should not depend on the JIT.
     */
    private static float sumLanes(FloatVector v) {
        float[] lanes = v.toArray();
        float sum = 0f;
        for (float lane : lanes) {
            sum += lane;
        }
        return sum;
    }

    /** The polynomial is written out in the loop: a helper taking a FloatVector would box it if not inlined. */
    @Override
    public void gelu(float[] x, int from, int to) {
        FloatVector a9 = FloatVector.broadcast(S, Gelu.A9);
        FloatVector a7 = FloatVector.broadcast(S, Gelu.A7);
        FloatVector a5 = FloatVector.broadcast(S, Gelu.A5);
        FloatVector a3 = FloatVector.broadcast(S, Gelu.A3);
        FloatVector a1 = FloatVector.broadcast(S, Gelu.A1);
        FloatVector b4 = FloatVector.broadcast(S, Gelu.B4);
        FloatVector b2 = FloatVector.broadcast(S, Gelu.B2);
        FloatVector b0 = FloatVector.broadcast(S, Gelu.B0);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector c = v.mul(Gelu.INV_SQRT2).max(-Gelu.CLAMP).min(Gelu.CLAMP);
            FloatVector c2 = c.mul(c);
            FloatVector p = c2.fma(Gelu.A13, Gelu.A11);                                   // Horner in c^2
            p = p.fma(c2, a9).fma(c2, a7).fma(c2, a5).fma(c2, a3).fma(c2, a1);
            FloatVector q = c2.fma(Gelu.B8, Gelu.B6).fma(c2, b4).fma(c2, b2).fma(c2, b0);
            FloatVector erf = c.mul(p).div(q);
            v.mul(0.5f).mul(erf.add(1f)).intoArray(x, i);
        }
        for (; i < to; i++) {
            x[i] = Gelu.gelu(x[i]);
        }
    }
}
