package dev.doppel.lm.kernels;

/**
 * The fp32 arithmetic of one decoding step, in two implementations: {@link #vector()} on the JDK Vector API
 * (FloatVector with FMA), and {@link #scalar()}, plain loops that C2 may auto-vectorize. {@link #best()} picks
 * the vector one when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Buffers follow two padding rules so that kernels run whole vectors without tail loops: a linear layer
 * writes {@link PackedLinear#paddedOut()} outputs, and attention rows (scores, transposed keys) have room for
 * the position count rounded up to {@link #vectorLength()}. Padding holds finite values that nobody reads.
 * Implementations are stateless and thread-safe.
 */
public interface Kernels {

    String name();

    /** Floats per vector register; 1 for the scalar kernels. */
    int vectorLength();

    /** Outputs a matrix-vector product keeps in registers at once; {@link #pack} cuts columns into blocks of this. */
    int blockWidth();

    /** Lays out a row-major {@code (in, out)} matrix and its bias (or null) for {@link #linear}. */
    default PackedLinear pack(float[] inOut, float[] bias, int in, int out) {
        return PackedLinear.pack(inOut, bias, in, out, blockWidth());
    }

    /**
     * Blocks {@code [fromBlock, toBlock)} of {@code x W + b}, combined with {@code out} as {@code epilogue} says:
     * reads {@code x[xOff, xOff + in)}, writes {@code out[outOff + fromBlock * width, outOff + toBlock * width)}.
     */
    void linear(PackedLinear w, float[] x, int xOff, float[] out, int outOff, int fromBlock, int toBlock, Epilogue epilogue);

    /**
     * {@link #linear} for {@code rows} inputs at once (a prompt's tokens): row {@code r} reads
     * {@code x[xOff + r * xStride, + in)} and writes at {@code outOff + r * outStride}. Each weight is loaded
     * once for several rows; every output is computed with the same operations, in the same order, as
     * {@link #linear} would compute it, so the results are identical to the bit.
     */
    void linearRows(PackedLinear w, float[] x, int xOff, int xStride, int rows, float[] out, int outOff, int outStride,
                    int fromBlock, int toBlock, Epilogue epilogue);

    /**
     * {@code out[outOff, + n) = (x - mean) / sqrt(var + eps) * gamma + beta} over {@code x[xOff, + n)};
     * beta may be null.
     */
    void layerNorm(float[] x, int xOff, int n, float[] gamma, float[] beta, float eps, float[] out, int outOff);

    /**
     * Attention scores of one query against {@code n} cached keys, stored transposed: {@code scores[p] =
     * sum_c q[qOff + c] * keysT[kOff + c * stride + p]} for {@code c < headSize}, {@code p < n}.
     */
    void attentionScores(float[] q, int qOff, int headSize, float[] keysT, int kOff, int stride, int n, float[] scores);

    /** In place over {@code s[0, n)}: {@code exp(s - max) / sum}. */
    void softmax(float[] s, int n);

    /**
     * {@code out[outOff + c] = sum_p weights[p] * values[vOff + p * headSize + c]} for {@code p < n},
     * {@code c < headSize}: the attention-weighted sum of one head's cached values.
     */
    void weightedSum(float[] weights, int n, float[] values, int vOff, int headSize, float[] out, int outOff);

    /** In place over {@code x[from, to)}: exact-erf GELU, as {@link Epilogue#GELU} applies it. */
    void gelu(float[] x, int from, int to);

    /** The Vector API kernels if this JVM has {@code jdk.incubator.vector}, else the scalar ones. */
    static Kernels best() {
        return vectorAvailable() ? vector() : scalar();
    }

    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    static boolean vectorAvailable() {
        return VectorSupport.INSTANCE != null;
    }

    /** The Vector API kernels; fails when the module is absent (see {@link #vectorAvailable()}). */
    static Kernels vector() {
        if (VectorSupport.INSTANCE == null) {
            throw new IllegalStateException("the Vector API is not available: start the JVM with --add-modules jdk.incubator.vector");
        }
        return VectorSupport.INSTANCE;
    }
}
