package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MklDispatchTest {

    private static final String ZEN5 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl avx512_bf16
            """;
    private static final String ZEN3 = """
            vendor_id\t: AuthenticAMD
            flags\t\t: fpu sse2 avx avx2 fma
            """;
    private static final String SKYLAKE_X = """
            vendor_id\t: GenuineIntel
            flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl
            """;

    @Test
    void answersOnNonIntelCpusWithAvx512Only() {
        assertTrue(MklDispatch.decide(null, "Linux", "amd64", ZEN5).answer());
        assertTrue(MklDispatch.decide("auto", "Linux", "amd64", ZEN5).reason().contains("AuthenticAMD with AVX-512"));

        MklDispatch.Decision older = MklDispatch.decide(null, "Linux", "amd64", ZEN3);
        assertFalse(older.answer());
        assertEquals("the CPU lacks avx512f, avx512dq, avx512bw, avx512vl", older.reason());

        assertFalse(MklDispatch.decide(null, "Linux", "amd64", SKYLAKE_X).answer(), "Intel CPUs get MKL's best kernels anyway");
        assertFalse(MklDispatch.decide(null, "Linux", "amd64", "").answer(), "no /proc/cpuinfo: no AVX-512 known");
    }

    @Test
    void theSettingOverridesTheCpuCheckButNotThePlatform() {
        assertFalse(MklDispatch.decide("off", "Linux", "amd64", ZEN5).answer());
        assertTrue(MklDispatch.decide(" ON ", "Linux", "amd64", ZEN3).answer());
        assertFalse(MklDispatch.decide("on", "Mac OS X", "aarch64", ZEN5).answer());
        assertFalse(MklDispatch.decide(null, "Linux", "aarch64", ZEN5).answer());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> MklDispatch.decide("yes", "Linux", "amd64", ZEN5));
        assertEquals(MklDispatch.SETTING + " must be auto, on or off, not \"yes\"", wrong.getMessage());
    }

    /**
     * In this process: where the decision says answer and the library was built, MKL must actually have asked it
     * once a product ran, and the product must still be right.
     */
    @Test
    void mklTakesTheAnswerAndStillMultipliesCorrectly() {
        Random random = new Random(7);
        int n = 96;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        float[] product;
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            NDArray left = manager.create(a, new Shape(n, n));                        // (n, n)
            NDArray right = manager.create(b, new Shape(n, n));                       // (n, n)
            product = left.matMul(right).toFloatArray();                              // (n, n)
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                for (int k = 0; k < n; k++) {
                    expected += (double) a[i * n + k] * b[k * n + j];
                }
                assertEquals(expected, product[i * n + j], 1e-4, "element " + i + ", " + j);
            }
        }

        boolean built = MklDispatch.class.getResource("native/linux-x86_64/libdoppel_mkl_intel_dispatch.so") != null;
        boolean wanted;
        try {
            wanted = MklDispatch.decideForThisProcess().answer();
        } catch (IllegalArgumentException wrongSetting) {
            wanted = false;
        }
        if (wanted && built) {
            assertTrue(MklDispatch.loaded(), MklDispatch.outcome());
            assertTrue(MklDispatch.consultations() > 0, "MKL never asked the library: " + MklDispatch.outcome());
            assertTrue(MklDispatch.inEffect());
        } else {
            assertFalse(MklDispatch.loaded(), MklDispatch.outcome());
            assertFalse(MklDispatch.inEffect());
        }
    }
}
