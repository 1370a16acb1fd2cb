package dev.doppel.lm.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.doppel.lm.Engines;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kernel against a plain double-precision reference, at sizes that are not multiples of any vector. */
class KernelsTest {

    static Stream<Kernels> kernels() {
        return Stream.of(Kernels.vector(), Kernels.scalar());
    }

    @Test
    void djlComputesTheExactErfGeluAndSoDoTheKernels() {
        float[] xs = new float[1201];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = -6f + i * 0.01f;
        }
        float[] djl;
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            djl = Activation.gelu(manager.create(xs)).toFloatArray();
        }
        double worstVsTanh = 0;
        float[] vector = xs.clone();
        Kernels.vector().gelu(vector, 0, vector.length);
        float[] scalar = xs.clone();
        Kernels.scalar().gelu(scalar, 0, scalar.length);
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            double exact = 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            double tanh = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            assertEquals(exact, djl[i], 1e-6, "DJL at " + x);
            assertEquals(djl[i], vector[i], 2e-6, "vector at " + x);
            assertEquals(djl[i], scalar[i], 2e-6, "scalar at " + x);
            worstVsTanh = Math.max(worstVsTanh, Math.abs(djl[i] - tanh));
        }
        assertTrue(worstVsTanh > 1e-4, "DJL's GELU looks like the tanh approximation: " + worstVsTanh);
    }

    @Test
    void erfIsWithinFourTenMillionths() {
        for (int i = -6000; i <= 6000; i++) {
            float x = i * 0.001f;
            assertEquals(erf(x), Gelu.erf(x), 4e-7, "erf(" + x + ")");
        }
        assertEquals(1f, Gelu.erf(20f));
        assertEquals(-1f, Gelu.erf(Float.NEGATIVE_INFINITY));
    }

    @Test
    void expIsWithinTwoUlpOfMathExp() {
        for (int i = -870_000; i <= 880_000; i++) {
            float x = i * 1e-4f;
            float expected = (float) Math.exp(x);
            assertEquals(expected, Exp.exp(x), 2 * Math.ulp(expected), "exp(" + x + ")");
        }
        assertEquals(Exp.exp(-87f), Exp.exp(-1000f));
        assertEquals(1f, Exp.exp(0f));
    }

    /** erf to ~1e-10: its Taylor series up to 4.5 (cancellation ruins it beyond), then +-1 (erfc(4.5) = 2e-10). */
    private static double erf(double x) {
        if (Math.abs(x) > 4.5) {
            return Math.signum(x);
        }
        double sum = 0;
        double term = x; // (-1)^n x^(2n+1) / n!
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void linearComputesEveryEpilogueOnAnyBlockRange(Kernels kernels) {
        Random random = new Random(1);
        int in = 37;
        int out = 197; // 3 whole blocks and a bit at width 64; rows 1..196 in fours and a tail at width 1
        float[] w = gaussian(random, in * out);
        float[] bias = gaussian(random, out);
        float[] x = gaussian(random, in + 3);
        for (boolean withBias : new boolean[] {true, false}) {
            PackedLinear packed = kernels.pack(w, withBias ? bias : null, in, out);
            int blocks = (out + packed.width() - 1) / packed.width();
            assertEquals(blocks, packed.blocks());
            for (Epilogue epilogue : Epilogue.values()) {
                float[] result = gaussian(new Random(2), packed.paddedOut() + 2); // starts as the residual for ADD
                float[] before = result.clone();
                kernels.linear(packed, x, 3, result, 2, 1, blocks, epilogue); // block 0 stays untouched
                for (int j = 0; j < out; j++) {
                    if (j < packed.width()) {
                        assertEquals(before[2 + j], result[2 + j], 0f);
                        continue;
                    }
                    double expected = withBias ? bias[j] : 0;
                    for (int i = 0; i < in; i++) {
                        expected += (double) x[3 + i] * w[i * out + j];
                    }
                    expected = switch (epilogue) {
                        case STORE -> expected;
                        case ADD -> expected + before[2 + j];
                        case GELU -> Gelu.gelu((float) expected);
                    };
                    assertEquals(expected, result[2 + j], 1e-5, epilogue + " output " + j);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void linearRowsComputesEachRowExactlyAsLinearDoes(Kernels kernels) {
        Random random = new Random(5);
        int in = 45;
        int out = 150;
        PackedLinear packed = kernels.pack(gaussian(random, in * out), gaussian(random, out), in, out);
        int xStride = in + 2;
        int outStride = packed.paddedOut() + 1;
        for (int rows = 1; rows <= 9; rows++) {
            float[] x = gaussian(random, rows * xStride);
            for (Epilogue epilogue : Epilogue.values()) {
                float[] batched = gaussian(new Random(6), rows * outStride);
                float[] alone = batched.clone();
                kernels.linearRows(packed, x, 1, xStride, rows, batched, 1, outStride, 0, packed.blocks(), epilogue);
                for (int r = 0; r < rows; r++) {
                    kernels.linear(packed, x, 1 + r * xStride, alone, 1 + r * outStride, 0, packed.blocks(), epilogue);
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(alone, batched, 0f, rows + " rows, " + epilogue);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void layerNormNormalizesOverTheGivenWidth(Kernels kernels) {
        Random random = new Random(3);
        for (int n : new int[] {5, 36, 128}) {
            float[] x = gaussian(random, n);
            for (int i = 0; i < n; i++) {
                x[i] = 3 + 2 * x[i];
            }
            float[] gamma = gaussian(random, n);
            float[] beta = gaussian(random, n);
            double mean = 0;
            for (float v : x) {
                mean += v;
            }
            mean /= n;
            double variance = 0;
            for (float v : x) {
                variance += (v - mean) * (v - mean);
            }
            variance /= n;
            float[] out = new float[n];
            float[] outNoBeta = new float[n];
            kernels.layerNorm(x, 0, n, gamma, beta, 1e-5f, out, 0);
            float[] shifted = new float[n + 3];
            System.arraycopy(x, 0, shifted, 3, n);
            kernels.layerNorm(shifted, 3, n, gamma, null, 1e-5f, outNoBeta, 0);
            for (int i = 0; i < n; i++) {
                double normalized = (x[i] - mean) / Math.sqrt(variance + 1e-5) * gamma[i];
                assertEquals(normalized + beta[i], out[i], 1e-5);
                assertEquals(normalized, outNoBeta[i], 1e-5);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void attentionOverCachedKeysAndValues(Kernels kernels) {
        Random random = new Random(4);
        int lanes = kernels.vectorLength();
        for (int headSize : new int[] {12, 16, 32}) {
            for (int n : new int[] {1, 7, 64, 77}) {
                int stride = (80 + lanes - 1) / lanes * lanes;
                float[] q = gaussian(random, headSize + 2);
                float[] keysT = gaussian(random, 5 + headSize * stride);
                float[] values = gaussian(random, 3 + n * headSize);
                float[] scores = new float[stride];
                kernels.attentionScores(q, 2, headSize, keysT, 5, stride, n, scores);
                double[] expected = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < n; p++) {
                    for (int c = 0; c < headSize; c++) {
                        expected[p] += (double) q[2 + c] * keysT[5 + c * stride + p];
                    }
                    assertEquals(expected[p], scores[p], 1e-5, "score " + p);
                    max = Math.max(max, expected[p]);
                }
                kernels.softmax(scores, n);
                double sum = 0;
                for (int p = 0; p < n; p++) {
                    expected[p] = Math.exp(expected[p] - max);
                    sum += expected[p];
                }
                for (int p = 0; p < n; p++) {
                    expected[p] /= sum;
                    assertEquals(expected[p], scores[p], 1e-6, "weight " + p);
                }
                float[] out = new float[headSize + 1];
                kernels.weightedSum(scores, n, values, 3, headSize, out, 1);
                for (int c = 0; c < headSize; c++) {
                    double value = 0;
                    for (int p = 0; p < n; p++) {
                        value += expected[p] * values[3 + p * headSize + c];
                    }
                    assertEquals(value, out[1 + c], 1e-5, "value " + c);
                }
            }
        }
    }

    @Test
    void packingPadsTheLastBlockAndTheBiasWithZeros() {
        float[] w = {1, 2, 3, 4, 5, 6}; // (2, 3)
        PackedLinear packed = PackedLinear.pack(w, new float[] {7, 8, 9}, 2, 3, 2);
        assertEquals(2, packed.blocks());
        assertEquals(4, packed.paddedOut());
        // block 0: columns 0-1 of rows 0, 1; block 1: column 2 and a zero column
        assertEquals(java.util.List.of(1f, 2f, 4f, 5f, 3f, 0f, 6f, 0f), boxed(packed.weights()));
        assertEquals(java.util.List.of(7f, 8f, 9f, 0f), boxed(packed.bias()));
    }

    private static java.util.List<Float> boxed(float[] values) {
        java.util.List<Float> list = new java.util.ArrayList<>();
        for (float value : values) {
            list.add(value);
        }
        return list;
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
