package dev.doppel.lm.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import dev.doppel.lm.Engines;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Blas against a plain double-precision triple loop, with offsets and padded rows everywhere. */
class BlasTest {

    /** One product's operands, laid out row-major with an offset and padding after every row. */
    private record Product(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
            float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc) {

        static Product random(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, long seed) {
            Random random = new Random(seed);
            int lda = (transA ? m : k) + 3;                                       // A stored m x k, or k x m
            int ldb = (transB ? k : n) + 5;                                       // B stored k x n, or n x k
            int ldc = n + 2;
            int aOffset = 11;
            int bOffset = 7;
            int cOffset = 4;
            float[] a = gaussians(random, aOffset + (transA ? k : m) * lda + 3);
            float[] b = gaussians(random, bOffset + (transB ? n : k) * ldb + 1);
            float[] c = gaussians(random, cOffset + m * ldc + 6);
            return new Product(transA, transB, m, n, k, alpha, beta, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        }

        /** Blas's result, on a copy of C. */
        float[] blas() {
            float[] result = c.clone();
            Blas.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, result, cOffset, ldc);
            return result;
        }

        /** Blas's result with B read from a direct buffer, on a copy of C. */
        float[] blasWithBufferB() {
            FloatBuffer direct = ByteBuffer.allocateDirect(b.length * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            direct.put(b).position(b.length / 2); // the offset counts from element 0, not from the position
            float[] result = c.clone();
            Blas.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, direct, bOffset, ldb, beta, result, cOffset, ldc);
            return result;
        }

        /** The triple loop, in double; C's padding and everything outside C stay as they were. */
        float[] expected() {
            float[] result = c.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += (double) a(i, p) * b(p, j);
                    }
                    int at = cOffset + i * ldc + j;
                    result[at] = (float) (alpha * sum + (beta == 0 ? 0 : beta * (double) c[at]));
                }
            }
            return result;
        }

        /**
         * How far each element of the result may be from {@link #expected()}: within C, what float rounding may move
         * it by, relative to the sizes of its terms rather than its value; outside C, nothing.
         */
        double[] tolerances() {
            double[] tolerances = new double[c.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double magnitude = 0;
                    for (int p = 0; p < k; p++) {
                        magnitude += Math.abs((double) a(i, p) * b(p, j));
                    }
                    int at = cOffset + i * ldc + j;
                    tolerances[at] = 1e-5 * (Math.abs(alpha) * magnitude + Math.abs(beta * c[at])) + 1e-30;
                }
            }
            return tolerances;
        }

        /** op(A)[i][p]. */
        private float a(int i, int p) {
            return transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
        }

        /** op(B)[p][j]. */
        private float b(int p, int j) {
            return transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
        }

        void assertMatches(float[] actual) {
            float[] expected = expected();
            double[] tolerances = tolerances();
            for (int index = 0; index < expected.length; index++) {
                assertEquals(expected[index], actual[index], tolerances[index], this + ": element " + index
                        + (tolerances[index] == 0 ? ", outside C, changed" : ""));
            }
        }

        @Override
        public String toString() {
            return (transA ? "A^T" : "A") + " (" + (transB ? "B^T" : "B") + "), m " + m + ", n " + n + ", k " + k
                    + ", alpha " + alpha + ", beta " + beta;
        }
    }

    private static float[] gaussians(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static Stream<Arguments> products() {
        List<Arguments> products = new ArrayList<>();
        int[][] sizes = {{7, 13, 5}, {64, 96, 128}, {1, 1, 1}, {33, 1, 17}};
        for (int[] size : sizes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    for (float beta : new float[] {0, 1}) {
                        products.add(Arguments.of(transA, transB, size[0], size[1], size[2], beta));
                    }
                }
            }
        }
        return products.stream();
    }

    /** Skips where Blas cannot work; {@link #availableWhereverTheLibraryWasBuilt()} makes sure that is for a reason. */
    private static void assumeAvailable() {
        assumeTrue(Blas.available(), Blas.status());
    }

    /** Skipping is for a build without a C compiler or another platform, never for a built library that fails. */
    @Test
    void availableWhereverTheLibraryWasBuilt() {
        String arch = System.getProperty("os.arch");
        boolean linuxX86 = "Linux".equals(System.getProperty("os.name")) && ("amd64".equals(arch) || "x86_64".equals(arch));
        boolean built = Blas.class.getResource(Blas.LIBRARY) != null;
        if (linuxX86 && built) {
            assertTrue(Blas.available(), Blas.status());
            assertEquals("MKL sgemm from libtorch_cpu.so", Blas.status());
        } else {
            assertFalse(Blas.available(), Blas.status());
            IllegalStateException unavailable = assertThrows(IllegalStateException.class,
                    () -> Blas.gemm(false, false, 1, 1, 1, 1, new float[1], 0, 1, new float[1], 0, 1, 0, new float[1], 0, 1));
            assertTrue(unavailable.getMessage().contains(Blas.status()), unavailable.getMessage());
        }
    }

    @ParameterizedTest(name = "transA {0}, transB {1}, {2} x {3} x {4}, beta {5}")
    @MethodSource("products")
    void matchesTheTripleLoop(boolean transA, boolean transB, int m, int n, int k, float beta) {
        assumeAvailable();
        Product product = Product.random(transA, transB, m, n, k, -1.75f, beta, 31L * m + n + k);
        product.assertMatches(product.blas());
    }

    @ParameterizedTest(name = "transA {0}, transB {1}, {2} x {3} x {4}, beta {5}")
    @MethodSource("products")
    void readsBFromADirectBuffer(boolean transA, boolean transB, int m, int n, int k, float beta) {
        assumeAvailable();
        Product product = Product.random(transA, transB, m, n, k, 0.5f, beta, 17L * m + n + k);
        product.assertMatches(product.blasWithBufferB());
    }

    /** The use it is for: B is a weight that stays in its DJL tensor. */
    @Test
    void readsBFromADjlTensorInPlace() {
        assumeAvailable();
        int m = 9;
        int n = 24;
        int k = 16;
        Product product = Product.random(false, true, m, n, k, 1, 0, 5);
        float[] weight = new float[n * k];                                       // (n, k): a linear layer's weight
        for (int j = 0; j < n; j++) {
            System.arraycopy(product.b(), product.bOffset() + j * product.ldb(), weight, j * k, k);
        }
        float[] result = product.c().clone();
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            NDArray tensor = manager.create(weight, new Shape(n, k));
            FloatBuffer memory = ((PtNDArray) tensor).toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
            assertTrue(memory.isDirect(), "DJL handed out a copy, not the tensor's memory");
            Blas.gemm(false, true, m, n, k, 1, product.a(), product.aOffset(), product.lda(), memory, 0, k,
                    0, result, product.cOffset(), product.ldc());
        }
        product.assertMatches(result);
    }

    @Test
    void kZeroOnlyScalesCAndBetaZeroForgetsNaN() {
        assumeAvailable();
        float[] c = {9, 1, 2, 9, 3, Float.NaN, 9};                               // (2, 2) at offset 1, ldc 3
        Blas.gemm(false, false, 2, 2, 0, 1, new float[0], 0, 0, new float[0], 0, 2, 0.5f, c, 1, 3);
        assertArrayEquals(new float[] {9, 0.5f, 1, 9, 1.5f, Float.NaN, 9}, c);
        Blas.gemm(false, false, 2, 2, 3, 0, new float[6], 0, 3, new float[6], 0, 2, 0, c, 1, 3);
        assertArrayEquals(new float[] {9, 0, 0, 9, 0, 0, 9}, c, "beta 0 must not read C, NaN included");
    }

    /** One array holding the operands apart, and A with itself: each array is pinned once. */
    @Test
    void oneArrayMayHoldSeveralOperands() {
        assumeAvailable();
        Random random = new Random(3);
        int m = 5;
        int k = 7;
        float[] shared = gaussians(random, m * k + m * m);                      // A (m, k), then C (m, m)
        float[] a = Arrays.copyOf(shared, m * k);
        float[] c = new float[m * m];
        Blas.gemm(false, true, m, m, k, 1, a, 0, k, a, 0, k, 0, c, 0, m);        // A A^T, A passed twice
        Blas.gemm(false, true, m, m, k, 1, shared, 0, k, shared, 0, k, 0, shared, m * k, m); // and C there too
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double expected = 0;
                for (int p = 0; p < k; p++) {
                    expected += (double) a[i * k + p] * a[j * k + p];
                }
                assertEquals(expected, c[i * m + j], 1e-4);
                assertEquals(expected, shared[m * k + i * m + j], 1e-4);
            }
        }
        assertArrayEquals(a, Arrays.copyOf(shared, m * k), "A changed");
    }

    @Test
    void wrongCallsThrowAndLeaveCAsItWas() {
        assumeAvailable();
        int m = 4;
        int n = 6;
        int k = 5;
        float[] a = new float[2 + m * k];                                        // A (m, k) at offset 2
        float[] b = new float[k * n];                                            // B (k, n)
        float[] c = new float[1 + m * n];                                        // C (m, n) at offset 1
        Arrays.fill(c, 42);
        float[] before = c.clone();
        FloatBuffer buffer = ByteBuffer.allocateDirect(b.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();

        assertRejected(IllegalArgumentException.class, c, before,
                () -> Blas.gemm(false, false, -1, n, k, 1, a, 2, k, b, 0, n, 0, c, 1, n));
        assertRejected(IllegalArgumentException.class, c, before,                 // lda shorter than A's rows
                () -> Blas.gemm(false, false, m, n, k, 1, a, 2, k - 1, b, 0, n, 0, c, 1, n));
        assertRejected(IllegalArgumentException.class, c, before,                 // A^T is k x m: rows of m
                () -> Blas.gemm(true, false, m, n, k, 1, a, 2, m - 1, b, 0, n, 0, c, 1, n));
        assertRejected(IllegalArgumentException.class, c, before,
                () -> Blas.gemm(false, false, m, n, k, 1, a, 2, k, b, 0, n - 1, 0, c, 1, n));
        assertRejected(IllegalArgumentException.class, c, before,
                () -> Blas.gemm(false, false, m, n, k, 1, a, 2, k, b, 0, n, 0, c, 1, n - 1));
        assertRejected(IndexOutOfBoundsException.class, c, before,               // A one element past its array
                () -> Blas.gemm(false, false, m, n, k, 1, a, 3, k, b, 0, n, 0, c, 1, n));
        assertRejected(IndexOutOfBoundsException.class, c, before,
                () -> Blas.gemm(false, false, m, n, k, 1, a, -1, k, b, 0, n, 0, c, 1, n));
        assertRejected(IndexOutOfBoundsException.class, c, before,               // B^T stored n x k needs 30 of 30
                () -> Blas.gemm(false, true, m, n, k, 1, a, 2, k, b, 1, k, 0, c, 1, n));
        assertRejected(IndexOutOfBoundsException.class, c, before,
                () -> Blas.gemm(false, false, m, n, k, 1, a, 2, k, b, 0, n, 0, c, 2, n));
        assertRejected(IndexOutOfBoundsException.class, c, before,               // padding of the last row is not needed,
                () -> Blas.gemm(false, false, m, n, k, 1, a, 2, k, b, 0, n, 0, c, 1, n + 1)); // but 3 x 7 + 6 from 1 is 28 > 25
        assertRejected(IndexOutOfBoundsException.class, c, before,
                () -> Blas.gemm(false, false, m, n, k, 1, a, 2, k, buffer, 1, n, 0, c, 1, n));
        assertRejected(IndexOutOfBoundsException.class, c, before,               // an empty A still needs a sane offset
                () -> Blas.gemm(false, false, m, n, 0, 1, a, a.length + 1, 0, b, 0, n, 0, c, 1, n));
        assertRejected(IllegalArgumentException.class, c, before,
                () -> Blas.gemm(false, false, m, n, k, 1, a, 2, k, FloatBuffer.wrap(b), 0, n, 0, c, 1, n));
        FloatBuffer bigEndian = ByteBuffer.allocateDirect(b.length * Float.BYTES).order(ByteOrder.BIG_ENDIAN)
                .asFloatBuffer();
        if (ByteOrder.nativeOrder() != ByteOrder.BIG_ENDIAN) {
            assertRejected(IllegalArgumentException.class, c, before,
                    () -> Blas.gemm(false, false, m, n, k, 1, a, 2, k, bigEndian, 0, n, 0, c, 1, n));
        }

        Blas.gemm(false, false, m, n, k, 1, a, 2, k, b, 0, n, 0, c, 1, n);     // the right call fits exactly
        assertEquals(42, c[0], "C's offset was not respected");
    }

    private static void assertRejected(Class<? extends RuntimeException> type, float[] c, float[] before, Executable call) {
        assertThrows(type, call);
        assertArrayEquals(before, c, "a rejected call changed C");
    }

    @Test
    void twoThreadsAtOnceGetTheSameResults() throws Exception {
        assumeAvailable();
        Product first = Product.random(false, true, 64, 96, 128, 1, 1, 1);
        Product second = Product.random(true, false, 96, 64, 128, -2, 0, 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (Product product : List.of(first, second)) {
                float[] alone = product.blas();
                product.assertMatches(alone);
                double[] tolerances = product.tolerances();
                Callable<Boolean> repeat = () -> {
                    for (int round = 0; round < 200; round++) {
                        float[] again = product.blas();
                        for (int i = 0; i < again.length; i++) {                  // MKL may split its work otherwise
                            if (!(Math.abs(again[i] - alone[i]) <= tolerances[i])) { // when busy: equal up to rounding
                                return false;
                            }
                        }
                    }
                    return true;
                };
                runs.add(pool.submit(repeat));
            }
            for (Future<Boolean> run : runs) {
                assertTrue(run.get(), "a product differed while another ran at the same time");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
