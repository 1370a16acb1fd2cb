package dev.doppel.lm;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the MKL inside DJL's libtorch use its AVX-512 matrix kernels on AMD CPUs that have AVX-512.
 *
 * <p>MKL chooses kernels by CPU vendor before features: on AMD it runs its 256-bit "zen" sgemm even where the cores
 * execute 512-bit FMAs at full rate. On the 2-core Zen 5 bench machine that is 190 GFLOP/s of sgemm against 440 with
 * the AVX-512 kernels, and training runs about 1.8 times as fast with them (README, "Performance"). MKL asks one
 * exported function whether the CPU is Intel's; a small native library of ours ({@code src/main/c}) answers yes, put
 * in the process's global symbol scope before libtorch first multiplies, so that libtorch's call binds to it. MKL
 * still reads the CPU's feature flags before choosing, so it never runs an instruction the CPU lacks.
 *
 * <p>The environment variable {@value #SETTING} chooses: {@code auto} (the default) on non-Intel CPUs that report
 * AVX-512 F, DQ, BW and VL; {@code on} on any x86-64 Linux (e.g. to try MKL's Intel AVX2 kernels on an older AMD
 * CPU); {@code off} never. Nothing changes where the library was not built (no C compiler) or cannot load: then MKL
 * keeps its own choice, which is correct and only slower.
 */
public final class MklDispatch {

    /** The environment variable that chooses: auto, on or off. */
    public static final String SETTING = "DOPPEL_MKL_INTEL_DISPATCH";

    private static final Logger LOG = LoggerFactory.getLogger(MklDispatch.class);
    private static final String LIBRARY = "native/linux-x86_64/libdoppel_mkl_intel_dispatch.so";
    private static final List<String> AVX512_FLAGS = List.of("avx512f", "avx512dq", "avx512bw", "avx512vl");

    /** Whether to answer MKL's vendor question, and why. */
    record Decision(boolean answer, String reason) {
    }

    private static volatile boolean loaded;
    private static volatile String outcome = "not prepared yet";
    private static volatile boolean prepared;

    private MklDispatch() {
    }

    /**
     * Decides and, if so, loads the library into the global scope. Idempotent. Must run before libtorch's first
     * matrix product for MKL to take the answer: {@link Engines#pytorch()} calls it before loading the engine, and
     * so on every {@link Engines#noGrad()}: after the first call it is one volatile read, without the lock.
     */
    static void prepare() {
        if (!prepared) {
            prepareOnce();
        }
    }

    private static synchronized void prepareOnce() {
        if (prepared) {
            return;
        }
        try {
            decideAndLoad();
        } finally {
            prepared = true; // only now: a concurrent caller must wait for the library before libtorch loads
        }
    }

    private static void decideAndLoad() {
        Decision decision;
        try {
            decision = decideForThisProcess();
        } catch (IllegalArgumentException e) { // a wrong setting must not stop the engine: say so, change nothing
            outcome = "MKL's own kernel choice: " + e.getMessage();
            LOG.warn(outcome);
            return;
        }
        if (!decision.answer()) {
            outcome = "MKL's own kernel choice: " + decision.reason();
            LOG.debug(outcome);
            return;
        }
        try {
            AtomicBoolean global = new AtomicBoolean();
            // makeGlobal reopens the library by the path it was loaded from: while that file is still there
            if (!NativeLibrary.load(LIBRARY, () -> global.set(makeGlobal()))) {
                outcome = "MKL's own kernel choice: " + LIBRARY + " was not built (no C compiler at build time)";
                LOG.info(outcome);
                return;
            }
            if (!global.get()) {
                outcome = "MKL's own kernel choice: could not reopen " + LIBRARY + " into the global symbol scope";
                LOG.warn(outcome);
                return;
            }
            loaded = true;
            outcome = "MKL's Intel kernel choice (" + decision.reason() + ")";
            LOG.info("{}; set {}=off to keep MKL's own", outcome, SETTING);
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            outcome = "MKL's own kernel choice: cannot load " + LIBRARY + " (" + e + ")";
            LOG.warn(outcome);
        }
    }

    /** The decision for this process: its setting, platform and CPU. */
    static Decision decideForThisProcess() {
        return decide(System.getenv(SETTING), System.getProperty("os.name"), System.getProperty("os.arch"), CpuInfo.read());
    }

    /**
     * The decision, from the setting ({@code null} is auto), the JVM's OS name and architecture, and the text of
     * {@code /proc/cpuinfo} (empty where there is none).
     */
    static Decision decide(String setting, String osName, String osArch, String cpuInfo) {
        String mode = setting == null || setting.isBlank() ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "on", "off").contains(mode)) {
            throw new IllegalArgumentException(SETTING + " must be auto, on or off, not \"" + setting + "\"");
        }
        if (mode.equals("off")) {
            return new Decision(false, SETTING + "=off");
        }
        if (!"Linux".equals(osName) || !("amd64".equals(osArch) || "x86_64".equals(osArch))) {
            return new Decision(false, "only libtorch's Linux x86-64 build links MKL");
        }
        if (mode.equals("on")) {
            return new Decision(true, SETTING + "=on");
        }
        String vendor = CpuInfo.firstValue(cpuInfo, "vendor_id");
        if (vendor.equals("GenuineIntel")) {
            return new Decision(false, "an Intel CPU, MKL already uses its best kernels");
        }
        Set<String> flags = Arrays.stream(CpuInfo.firstValue(cpuInfo, "flags").split("\\s+")).collect(Collectors.toSet());
        List<String> missing = AVX512_FLAGS.stream().filter(flag -> !flags.contains(flag)).toList();
        if (!missing.isEmpty()) {
            return new Decision(false, "the CPU lacks " + String.join(", ", missing));
        }
        return new Decision(true, (vendor.isEmpty() ? "a non-Intel CPU" : vendor) + " with AVX-512");
    }

    /** Whether the library is in the global scope, so that MKL's vendor question can reach it. */
    static boolean loaded() {
        return loaded;
    }

    /**
     * Whether MKL has taken the answer: it asked the library at least once. True only after a matrix product ran,
     * and only if the library was in place before MKL first asked.
     */
    public static boolean inEffect() {
        return loaded && consultations() > 0;
    }

    /** What {@link #prepare()} did, in words, for logs and the bench. */
    public static String outcome() {
        return outcome;
    }

    private static native boolean makeGlobal();

    /** How often MKL has asked the library whether the CPU is Intel's. */
    static native long consultations();
}
