package dev.doppel.lm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Re-runnable measurement behind the numbers in README.md (skipped in normal builds):
 * {@code ./mvnw -B -o -pl services/lm test -Dtest=TrainingThroughputBenchmark -Dlm.benchmark=true}.
 * GptConfig.tiny, batch 8, every row a full 128-token context; median over the steps after a warm-up.
 */
@EnabledIfSystemProperty(named = "lm.benchmark", matches = "true")
class TrainingThroughputBenchmark {

    private static final int WARMUP_STEPS = 10;
    private static final int MEASURED_STEPS = 40;

    @Test
    void tinyConfigOnFullContexts() {
        Random random = new Random(1);
        List<Example> examples = IntStream.range(0, 64).mapToObj(i -> new Example(text(random, 80), text(random, 80))).toList();
        List<StepReport> reports = new ArrayList<>();
        try (LanguageModel model = LanguageModel.create(GptConfig.tiny(260), new ByteTokenizer(), 1)) {
            TrainingOptions options = new TrainingOptions(WARMUP_STEPS + MEASURED_STEPS, 8, 1e-3f, 5, 0.1f, 0.1f, 1f, 0, 1, 10);
            SftTrainer.train(model, examples, List.of(), options, reports::add);
            List<StepReport> measured = reports.subList(WARMUP_STEPS, reports.size());
            double tokensPerSecond = median(measured.stream().mapToDouble(StepReport::tokensPerSecond).toArray());
            double mfu = median(measured.stream().mapToDouble(StepReport::mfu).toArray());
            double stepMillis = median(measured.stream().mapToDouble(StepReport::stepMillis).toArray());

            long start = System.nanoTime();
            String reply = Generator.reply(model, "hello", new GenerationOptions(100, 1.0, 0, 1));
            double generationSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("BENCHMARK GptConfig.tiny (%d params), batch 8 x 128 tokens, %s cores:%n"
                            + "BENCHMARK   train: median step %.1f ms | %.0f tok/s | mfu %.2f%% (of %.0f GFLOP/s)%n"
                            + "BENCHMARK   generate: %d tokens in %.2f s = %.0f tok/s (no KV cache)%n",
                    model.parameterCount(), Runtime.getRuntime().availableProcessors(), stepMillis, tokensPerSecond,
                    100 * mfu, SftTrainer.PEAK_FLOPS / 1e9, model.tokenizer().encode(reply).length, generationSeconds,
                    model.tokenizer().encode(reply).length / generationSeconds);
        }
    }

    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append((char) ('a' + random.nextInt(26)));
            if (random.nextInt(6) == 0) {
                text.append(' ');
            }
        }
        return text.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
