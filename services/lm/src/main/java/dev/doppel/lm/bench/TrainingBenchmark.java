package dev.doppel.lm.bench;

import dev.doppel.lm.Gemm;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.LanguageModel;
import dev.doppel.lm.StepReport;
import dev.doppel.lm.Tokenizer;
import dev.doppel.lm.Trainer;
import dev.doppel.lm.TrainingData;
import dev.doppel.lm.TrainingOptions;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training throughput of the real training loop ({@link Trainer}: forward, backward, clipping, AdamW) on random
 * text, and its MFU: 6 x parameters x tokens/s over the fp32 GEMM FLOP/s measured on this machine ({@link Gemm}).
 *
 * <p>The rate is that of a long training run, after the JIT has compiled the Java side of a step (DJL's operator
 * calls, the workers, the optimizer's passes). Warm-up therefore lasts until a window of {@link #WINDOW} steps in
 * which the JIT compiled for less than {@link #SETTLED_JIT_SHARE} of the wall time. On the 2-core bench machine
 * the JIT took 30-40 % of a core during the first 20 small steps and still 5-15 % until about step 80, on a
 * machine where it competes with the training threads for the same two cores (README, "Performance").
 */
public final class TrainingBenchmark {

    /** Steps per warm-up window. */
    static final int WINDOW = 10;
    /** The share of a window's wall time the JIT may spend compiling once warm-up is over. */
    static final double SETTLED_JIT_SHARE = 0.02;

    /**
     * Median tokens/s of the measured steps, the model's size, and how many steps warmed up before them
     * ({@code jitSettled}: whether the JIT went quiet before the warm-up's limit).
     */
    public record Result(GptConfig config, int batchSize, long parameters, double tokensPerSecond, int warmupSteps,
                         boolean jitSettled) {

        /** The MFU these tokens/s give against the given fp32 GEMM FLOP/s. */
        public double mfu(double peakFlops) {
            return Gemm.mfu(parameters, tokensPerSecond, peakFlops);
        }
    }

    private TrainingBenchmark() {
    }

    /**
     * Trains {@code config} on random text with {@code batchSize} rows: at least {@code minWarmupSteps} and at
     * most {@code maxWarmupSteps} warm-up steps (see the class comment), then {@code measuredSteps} whose median
     * rate is the result.
     */
    public static Result run(GptConfig config, int batchSize, int minWarmupSteps, int maxWarmupSteps, int measuredSteps) {
        Tokenizer tokenizer = new SizedTokenizer(config.vocabSize());
        List<StepReport> reports = new ArrayList<>();
        try (LanguageModel model = LanguageModel.create(config, tokenizer, 1)) {
            TrainingData data = TrainingData.corpus(randomDocuments(config.blockSize() * batchSize * 4), tokenizer, config.blockSize());
            TrainingOptions options = TrainingOptions.quick(maxWarmupSteps + measuredSteps).withBatch(batchSize, 1)
                    .withEvaluation(0, 0).withLogEvery(0);
            int warmup;
            boolean settled;
            try (Trainer trainer = Trainer.start(model, data, null, options)) {
                settled = warmUp(trainer, minWarmupSteps, maxWarmupSteps);
                warmup = trainer.step();
                trainer.runUntil(warmup + measuredSteps, reports::add);
            }
            double[] rates = reports.stream().mapToDouble(StepReport::tokensPerSecond).sorted().toArray();
            double median = rates[rates.length / 2];
            return new Result(config, batchSize, model.parameterCount(), median, warmup, settled);
        }
    }

    /**
     * Runs {@code minSteps}, then windows of {@link #WINDOW} steps until one in which the JIT compiled for less
     * than {@link #SETTLED_JIT_SHARE} of the window's wall time, or until {@code maxSteps}. Returns whether the JIT
     * settled; without compilation-time monitoring in this JVM, after {@code minSteps} it counts as settled.
     */
    static boolean warmUp(Trainer trainer, int minSteps, int maxSteps) {
        trainer.runUntil(minSteps, null);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return true;
        }
        while (trainer.step() + WINDOW <= maxSteps) {
            long compiledMillis = jit.getTotalCompilationTime();
            long start = System.nanoTime();
            trainer.runUntil(trainer.step() + WINDOW, null);
            double wallMillis = (System.nanoTime() - start) / 1e6;
            if (jit.getTotalCompilationTime() - compiledMillis < SETTLED_JIT_SHARE * wallMillis) {
                return true;
            }
        }
        return false;
    }

    /** Random lowercase words: the content does not change the arithmetic, only the tokens/s we count. */
    private static List<String> randomDocuments(int characters) {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        while (text.length() < characters) {
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append(' ');
        }
        return List.of(text.toString());
    }
}
