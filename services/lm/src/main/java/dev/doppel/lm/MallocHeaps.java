package dev.doppel.lm;

import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps glibc's malloc from giving a training step's memory back to the kernel between steps, so that the next
 * step does not fault every page in again.
 *
 * <p>Why: libtorch allocates a step's activations and gradients with {@code malloc} and frees them at the end of
 * the step. With glibc's defaults, a worker thread's arena then trims or deletes its heap, and the next step's
 * tensors land on fresh pages: 2,000–9,600 page faults a step (medium model), each a trip into the kernel to map and
 * zero a page. Once MKL's AVX-512 kernels halved the matrix products ({@link MklDispatch}), that was 3.5 % of a
 * step's cycles. Two settings stop it: {@code M_TOP_PAD} 64 MiB (an arena keeps that much free memory on top of its
 * heap) and {@code M_MMAP_THRESHOLD} 32 MiB (blocks up to that size come from the arenas instead of a fresh
 * {@code mmap}; setting it also stops glibc from adjusting the threshold itself). Faults fell to about 200 (small)
 * and 450 (medium) a step, and training ran 4–15 % faster (README, "Performance") with no higher peak RSS.
 *
 * <p>They are glibc's {@code MALLOC_TOP_PAD_} and {@code MALLOC_MMAP_THRESHOLD_}, set here with {@code mallopt}
 * when CPU training starts, since a library cannot set a process's environment before it starts. A process that
 * sets any of glibc's malloc variables (or {@code glibc.malloc} tunables) keeps its own and is left alone.
 */
final class MallocHeaps {

    private static final Logger LOG = LoggerFactory.getLogger(MallocHeaps.class);

    /** {@code mallopt}'s parameter numbers, from glibc's {@code malloc.h}. */
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;

    private static final int TOP_PAD_BYTES = 64 << 20;
    /** glibc's largest allowed threshold on 64-bit: half its 64 MiB per-thread heaps. */
    private static final int MMAP_THRESHOLD_BYTES = 32 << 20;

    private static final List<String> OWN_SETTINGS = List.of("MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_",
            "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_MAX_");

    private static boolean tried;
    private static volatile boolean kept;

    private MallocHeaps() {
    }

    /** Applies the two settings once per process, unless the process has malloc settings of its own. */
    static synchronized void keepBetweenSteps() {
        if (tried) {
            return;
        }
        tried = true;
        String skip = reasonToLeaveAlone(System.getenv(), System.getProperty("os.name"));
        if (skip != null) {
            LOG.debug("malloc settings left alone: {}", skip);
            return;
        }
        try {
            MethodHandle mallopt = NativeFunctions.inDefaultLibraries("mallopt", 2, true);
            // mallopt returns 1 on success, 0 for a value it rejects
            boolean topPad = (int) mallopt.invoke(M_TOP_PAD, TOP_PAD_BYTES) == 1;
            boolean threshold = (int) mallopt.invoke(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1;
            kept = topPad && threshold;
            if (kept) {
                LOG.debug("malloc keeps freed memory between training steps (M_TOP_PAD 64 MiB, M_MMAP_THRESHOLD 32 MiB)");
            } else {
                LOG.info("malloc settings rejected: M_TOP_PAD {}, M_MMAP_THRESHOLD {}", topPad, threshold);
            }
        } catch (Throwable e) { // JDK 21 without the foreign function API, no mallopt (not glibc): nothing to do
            LOG.debug("malloc settings not available: {}", e.toString());
        }
    }

    /** Why not to touch malloc in a process with this environment and OS, or null to go ahead. */
    static String reasonToLeaveAlone(Map<String, String> environment, String osName) {
        if (!"Linux".equals(osName)) {
            return "not Linux";
        }
        for (String own : OWN_SETTINGS) {
            if (environment.containsKey(own)) {
                return own + " is set";
            }
        }
        String tunables = environment.getOrDefault("GLIBC_TUNABLES", "");
        if (tunables.contains("glibc.malloc.")) {
            return "GLIBC_TUNABLES sets glibc.malloc tunables";
        }
        return null;
    }

    /** Whether glibc took both settings in this process. */
    static boolean kept() {
        return kept;
    }
}
