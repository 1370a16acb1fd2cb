package dev.doppel.lm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cores' own fp32 limit: fused multiply-adds per second on the widest vectors the JVM uses here, on every
 * core at once. No matrix product can beat it. MFU divides by the engine's measured GEMM instead (the issue fixes
 * that), and a GEMM library need not use the widest vectors: on the bench machine, MKL runs 256-bit kernels on
 * cores with 512-bit FMA units. The benchmark reports both, so the gap is visible.
 *
 * <p>Each thread runs {@link #CHAINS} independent accumulator chains, more than FMA latency times FMA ports on
 * current x86 cores, so the loop is bound by FMA throughput and not by latency.
 */
public final class FmaPeak {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;
    private static final int WARMUP_CALLS = 40;
    private static final long WARMUP_ITERATIONS = 50_000;

    /** Where the chains' sums go, so that the JIT cannot drop the loops. */
    private static volatile float sink;

    /** FLOP/s of all threads together, in the best round; the vector width used; the threads. */
    public record Result(double flops, int vectorBits, int threads) {
    }

    private FmaPeak() {
    }

    /**
     * Runs {@code rounds} rounds on {@code threads} threads that start each round together; in a round, each
     * thread does {@code iterations} iterations of {@link #CHAINS} vector FMAs. A round's rate is the sum of the
     * threads' rates; the best round is kept, as for the GEMM. The loop is compiled first (a few milliseconds).
     */
    public static Result measure(int threads, long iterations, int rounds) {
        if (threads < 1 || iterations < 1 || rounds < 1) {
            throw new IllegalArgumentException("threads, iterations and rounds must be positive: " + threads + ", " + iterations + ", " + rounds);
        }
        for (int i = 0; i < WARMUP_CALLS; i++) {
            sink = fmaChains(WARMUP_ITERATIONS);
        }
        double flopsPerIteration = 2.0 * CHAINS * SPECIES.length();
        double[][] secondsPerThread = new double[rounds][threads];
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().name("fma-peak-" + t).start(() -> {
                for (int round = 0; round < rounds; round++) {
                    await(start);
                    long begin = System.nanoTime();
                    sink = fmaChains(iterations);
                    secondsPerThread[round][thread] = (System.nanoTime() - begin) / 1e9;
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the FMA peak", e);
            }
        }
        double best = 0;
        for (double[] round : secondsPerThread) {
            double flops = 0;
            for (double seconds : round) {
                if (seconds <= 0) { // its thread stopped early (it was interrupted): no rate, rather than an infinite one
                    throw new IllegalStateException("a thread measuring the FMA peak did not finish its rounds");
                }
                flops += flopsPerIteration * iterations / seconds;
            }
            best = Math.max(best, flops);
        }
        return new Result(best, SPECIES.vectorBitSize(), threads);
    }

    /** {@link #CHAINS} chains of {@code c = a * c + b}, summed. */
    private static float fmaChains(long iterations) {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 0.001f);
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++) {
            c0 = a.fma(c0, b); c1 = a.fma(c1, b); c2 = a.fma(c2, b); c3 = a.fma(c3, b);
            c4 = a.fma(c4, b); c5 = a.fma(c5, b); c6 = a.fma(c6, b); c7 = a.fma(c7, b);
            c8 = a.fma(c8, b); c9 = a.fma(c9, b); c10 = a.fma(c10, b); c11 = a.fma(c11, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the FMA peak", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("a thread measuring the FMA peak failed", e);
        }
    }
}
