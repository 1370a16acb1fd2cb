package dev.doppel.lm;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs PyTorch's CPU kernels on the calling thread alone, leaving every other thread as it was.
 *
 * <p>PyTorch's own {@code set_num_threads} is process-wide: it would also make the GEMM peak measurement,
 * validation and any other model in the process single-threaded. The two settings that decide how many threads a
 * kernel uses are per thread underneath: OpenMP's {@code omp_set_num_threads} sets the calling thread's count, and
 * MKL (which PyTorch's CPU build links in for matrix products) has {@code mkl_set_num_threads_local}. Both are
 * exported by the libtorch that DJL loaded, and are called here through the JDK's foreign function API
 * ({@link NativeFunctions}). (MKL's
 * C header maps that name to {@code MKL_Set_Num_Threads_Local}; the lower-case symbol is the Fortran entry,
 * which takes a pointer.)
 *
 * <p>That API is final from JDK 22 while this project compiles for 21, so it is reached by reflection. Where it
 * is missing (JDK 21, no {@code /proc}, another BLAS) {@link #available()} is false and training keeps one worker
 * on PyTorch's shared thread pool.
 */
final class TorchThreads {

    private static final Logger LOG = LoggerFactory.getLogger(TorchThreads.class);
    private static final Handles HANDLES = Handles.find();

    private record Handles(MethodHandle ompSetNumThreads, MethodHandle mklSetNumThreadsLocal) {

        static Handles find() {
            try {
                Engines.pytorch(); // loads libtorch, if nothing has yet
                Path library = NativeLibrary.loaded("libtorch_cpu.so");
                if (library == null) {
                    return null;
                }
                return new Handles(NativeFunctions.inLibrary(library, "omp_set_num_threads", 1, false),
                        NativeFunctions.inLibrary(library, "MKL_Set_Num_Threads_Local", 1, true));
            } catch (ReflectiveOperationException | RuntimeException | IOException e) {
                LOG.info("training uses one worker: cannot set per-thread kernel threads ({})", e.toString());
                return null;
            }
        }
    }

    private TorchThreads() {
    }

    /** Whether {@link #singleThreadedHere()} works in this process. */
    static boolean available() {
        return HANDLES != null;
    }

    /**
     * From now on, PyTorch's CPU kernels called on this thread run on it alone. Call it on a thread of one's own
     * (a worker), never on a shared one.
     */
    static void singleThreadedHere() {
        setHere(1, 1);
    }

    /**
     * Runs {@code work} with this thread's kernels on this thread alone, then gives the thread back its count: for
     * a caller that takes a worker's share itself.
     */
    static <T> T singleThreaded(Callable<T> work) throws Exception {
        int previous = threadsHere();
        setHere(1, 1);
        try {
            return work.call();
        } finally {
            setHere(previous, 0); // MKL: 0 is "follow the process-wide count" again
        }
    }

    private static void setHere(int openMpThreads, int mklThreads) {
        if (HANDLES == null) {
            throw new IllegalStateException("per-thread kernel threads are not available in this process");
        }
        // PyTorch sets a thread's OpenMP count from its global one at the thread's first parallel operation;
        // have that happen now, so that it does not undo the setting below.
        JniUtils.getNumThreads();
        try {
            HANDLES.ompSetNumThreads().invoke(openMpThreads);
            HANDLES.mklSetNumThreadsLocal().invoke(mklThreads); // returns the previous local count, not needed
        } catch (Throwable e) {
            throw new IllegalStateException("cannot set this thread's kernel threads", e);
        }
    }

    /** PyTorch's intra-op thread count on the calling thread. */
    static int threadsHere() {
        return JniUtils.getNumThreads();
    }
}
