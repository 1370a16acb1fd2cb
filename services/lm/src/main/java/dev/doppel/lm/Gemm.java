package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The physical limit MFU is measured against: fp32 matrix-multiply FLOP/s of this machine, through the same
 * engine and threads the model uses. Measured once per JVM (about a quarter of a second) and remembered; the
 * best of many products, because a shared machine has slow moments and a low peak would flatter every MFU.
 */
public final class Gemm {

    private static final int REPETITIONS = 20;

    private static volatile double measured;

    private Gemm() {
    }

    /** FLOP/s of square fp32 matrix products of size 1024, best of several; measured on first use. */
    public static double peakFlops() {
        double value = measured;
        if (value == 0) {
            synchronized (Gemm.class) {
                if (measured == 0) {
                    measured = measure(1024, REPETITIONS);
                }
                value = measured;
            }
        }
        return value;
    }

    /** Model FLOPs utilization: 6 x parameters x tokens/s (forward and backward) over {@code peakFlops}. */
    public static double mfu(long parameters, double tokensPerSecond, double peakFlops) {
        return 6.0 * parameters * tokensPerSecond / peakFlops;
    }

    /**
     * Measures again and keeps the higher peak: a benchmark calls this after its work, so that a machine that
     * was slow while the first measurement ran does not lower the limit its MFU divides by.
     */
    public static double remeasure() {
        double again = measure(1024, REPETITIONS);
        synchronized (Gemm.class) {
            measured = Math.max(measured, again);
            return measured;
        }
    }

    /** Best FLOP/s of {@code repetitions} products of two random n x n fp32 matrices, after two warm-up products. */
    public static double measure(int n, int repetitions) {
        try (Engines.NoGrad ignored = Engines.noGrad(); NDManager manager = Engines.pytorch().newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(n, n));                            // (n, n)
            NDArray b = manager.randomNormal(new Shape(n, n));                            // (n, n)
            double best = 0;
            for (int i = -2; i < repetitions; i++) {
                try (NDManager scratch = manager.newSubManager()) {
                    a.tempAttach(scratch);
                    long start = System.nanoTime();
                    NDArray c = a.matMul(b);                                              // (n, n)
                    c.getFloat(0, 0); // forces the product to finish
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (i >= 0) {
                        best = Math.max(best, 2.0 * n * n * (double) n / seconds);
                    }
                }
            }
            return best;
        }
    }
}
