package dev.doppel.lm.cpu;

import dev.doppel.lm.Engines;
import dev.doppel.lm.NativeLibrary;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row-major fp32 matrix products on Java arrays, computed by the MKL inside DJL's libtorch.
 *
 * <p>Why: the hand-written CPU training step keeps its activations and gradients in {@code float[]}s and multiplies
 * them many times a step. Through DJL each product would be a tensor, a JNI call into libtorch and autograd
 * bookkeeping around the same MKL kernel; here it is one JNI call that pins the arrays (no copies) and calls MKL's
 * {@code sgemm_}, which libtorch_cpu.so exports (it does not export {@code cblas_sgemm}). The native side is
 * {@code src/main/c/mkl_sgemm.c}, built with the machine's C compiler at build time. A weight can stay in its DJL
 * tensor: {@code b} may be a direct {@link FloatBuffer} over the tensor's memory, e.g.
 * {@code ((PtNDArray) w).toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer()}.
 *
 * <p>MKL runs the product on the calling thread with its own thread count: the process-wide one, or the calling
 * thread's where that was set (a training worker sets one thread). Every argument is checked here, in Java, against
 * the arrays' lengths, so that a wrong call throws instead of writing outside an array. Where the library was not
 * built (no C compiler), or the platform has no MKL (only libtorch's Linux x86-64 build links it),
 * {@link #available()} is false and {@link #status()} says why; callers then multiply through DJL.
 */
public final class Blas {

    /** Built from {@code src/main/c/mkl_sgemm.c} by {@code build.sh}, next to the classes. */
    static final String LIBRARY = "/dev/doppel/lm/native/linux-x86_64/libdoppel_mkl_sgemm.so";

    private static final Logger LOG = LoggerFactory.getLogger(Blas.class);
    private static final String BOUND = "MKL sgemm from libtorch_cpu.so";

    /** Binds on first use, once: the JVM runs a class's initializer on one thread, and the others wait for it. */
    private static final class Binding {
        /** Null where bound, else why not. */
        static final String PROBLEM = bindAndLog();
    }

    private Blas() {
    }

    /** Whether {@link #gemm} works in this process; binds MKL's sgemm (and loads libtorch) on the first call. */
    public static boolean available() {
        return Binding.PROBLEM == null;
    }

    /** In words: "MKL sgemm from libtorch_cpu.so", or why {@link #gemm} is not available. */
    public static String status() {
        return available() ? BOUND : Binding.PROBLEM;
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C}, all row-major: C is m x n, op(A) m x k, op(B) k x n. A is stored m x k,
     * or k x m when {@code transA} (then op(A) is its transpose); B is stored k x n, or n x k when {@code transB}.
     * Each matrix starts at its offset, and row i at {@code offset + i * ld}: a leading dimension is the stride
     * between rows, at least the stored row's length. With {@code beta == 0} C's old values are not read (a NaN
     * there does not survive), as in BLAS. C's elements must not be among A's or B's (one array may hold all three
     * where their elements are apart).
     *
     * @throws IllegalArgumentException for a negative dimension or a leading dimension shorter than its row
     * @throws IndexOutOfBoundsException where a matrix does not fit in its array from its offset
     * @throws IllegalStateException where not {@link #available()}
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
            float beta, float[] c, int cOffset, int ldc) {
        product(transA, transB, m, n, k, alpha, a, aOffset, lda, b, b.length, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /**
     * As {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[],
     * int, int)}, with B in a direct buffer in the platform's byte order (a DJL tensor's memory, say, which must stay
     * open during the call). {@code bOffset} counts from the buffer's first element, whatever its position; its
     * capacity bounds B.
     *
     * @throws IllegalArgumentException also where {@code b} is not direct or not in native byte order
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOffset, int lda, FloatBuffer b, int bOffset, int ldb,
            float beta, float[] c, int cOffset, int ldc) {
        if (!b.isDirect()) {
            throw new IllegalArgumentException("B must be a direct buffer: native code reads it in place");
        }
        if (b.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("B must be in native byte order, not " + b.order());
        }
        product(transA, transB, m, n, k, alpha, a, aOffset, lda, b, b.capacity(), bOffset, ldb, beta, c, cOffset, ldc);
    }

    /** Checks, then maps the row-major product onto column-major sgemm_. {@code b} is a float[] or a direct buffer. */
    private static void product(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOffset, int lda, Object b, int bLength, int bOffset, int ldb,
            float beta, float[] c, int cOffset, int ldc) {
        if (!available()) {
            throw new IllegalStateException("Blas is not available: " + status());
        }
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(c, "c");
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m " + m + ", n " + n + ", k " + k);
        }
        checkFits("A", a.length, aOffset, lda, transA ? k : m, transA ? m : k);
        checkFits("B", bLength, bOffset, ldb, transB ? n : k, transB ? k : n);
        checkFits("C", c.length, cOffset, ldc, m, n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) { // nothing to multiply; also spares MKL its "leading dimension at least 1" rule
            scale(beta, c, cOffset, ldc, m, n);
            return;
        }
        // Row-major C is column-major C^T (n x m, same leading dimension), and C^T = op(B)^T op(A)^T: so sgemm_ gets
        // B first and A second, each with its own transpose flag, and n and m swapped.
        if (b instanceof float[] bArray) {
            int shared = (bArray == c ? A_IS_C : 0) | (a == c ? B_IS_C : 0) | (a == bArray ? B_IS_A : 0);
            sgemmArrays(transB, transA, n, m, k, alpha, bArray, bOffset, ldb, a, aOffset, lda, beta, c, cOffset, ldc, shared);
        } else {
            sgemmDirectA(transB, transA, n, m, k, alpha, (Buffer) b, bOffset, ldb, a, aOffset, lda, beta, c, cOffset, ldc,
                    a == c ? B_IS_C : 0);
        }
    }

    /**
     * Throws unless a rows x rowLength row-major matrix with leading dimension {@code ld} lies within
     * {@code [0, length)} from {@code offset}. An empty matrix still needs its offset within {@code [0, length]}.
     */
    private static void checkFits(String matrix, long length, int offset, int ld, int rows, int rowLength) {
        if (ld < rowLength) {
            throw new IllegalArgumentException(matrix + "'s leading dimension " + ld + " is shorter than its rows ("
                    + rowLength + ")");
        }
        long extent = rows == 0 || rowLength == 0 ? 0 : (long) (rows - 1) * ld + rowLength;
        if (offset < 0 || offset > length - extent) {
            throw new IndexOutOfBoundsException(matrix + " (" + rows + " x " + rowLength + ", leading dimension " + ld
                    + ") needs elements [" + offset + ", " + (offset + extent) + ") of " + length);
        }
    }

    /** {@code C = beta C}, with C's old values ignored when {@code beta == 0}, as sgemm_ does. */
    private static void scale(float beta, float[] c, int offset, int ldc, int m, int n) {
        for (int i = 0; i < m; i++) {
            int row = offset + i * ldc;
            for (int j = row; j < row + n; j++) {
                c[j] = beta == 0 ? 0 : beta * c[j];
            }
        }
    }

    private static String bindAndLog() {
        String problem = tryToBind();
        if (problem == null) {
            LOG.debug(BOUND);
        } else {
            LOG.info("no direct MKL sgemm: {}", problem);
        }
        return problem;
    }

    /** Null where sgemm_ is bound, else why not. Never throws: a failure only means "not available". */
    private static String tryToBind() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!"Linux".equals(os) || !("amd64".equals(arch) || "x86_64".equals(arch))) {
            return "only libtorch's Linux x86-64 build links MKL (this is " + os + " on " + arch + ")";
        }
        try {
            Engines.pytorch(); // loads libtorch, and first settles MKL's kernel choice (MklDispatch)
            Path libtorchCpu = NativeLibrary.loaded("libtorch_cpu.so");
            if (libtorchCpu == null) {
                return "libtorch_cpu.so is not among this process's libraries (or there is no /proc/self/maps)";
            }
            if (!NativeLibrary.load(LIBRARY)) {
                return LIBRARY + " was not built (no C compiler at build time)";
            }
            String error = bind(libtorchCpu.toString());
            return error == null ? null : "cannot find sgemm_ in " + libtorchCpu + ": " + error;
        } catch (IOException | RuntimeException | LinkageError e) {
            return "cannot bind MKL's sgemm (" + e + ")";
        }
    }

    /** Looks up sgemm_ in the loaded libtorch_cpu.so at that path; null on success, else dlerror's text. */
    private static native String bind(String libtorchCpuPath);

    // Which of sgemm_'s (column-major) operands are the same array, so that native code pins it once.
    private static final int A_IS_C = 1;
    private static final int B_IS_C = 2;
    private static final int B_IS_A = 4;

    /**
     * MKL's sgemm_ exactly, column-major: {@code C = alpha op(A) op(B) + beta C} with C m x n, on three arrays;
     * {@code shared} says which are the same object. Every argument has been checked.
     */
    private static native void sgemmArrays(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
            float beta, float[] c, int cOffset, int ldc, int shared);

    /** As {@link #sgemmArrays}, with A in a direct buffer. */
    private static native void sgemmDirectA(boolean transA, boolean transB, int m, int n, int k, float alpha,
            Buffer a, int aOffset, int lda, float[] b, int bOffset, int ldb,
            float beta, float[] c, int cOffset, int ldc, int shared);
}
