package dev.doppel.lm.bench;

import dev.doppel.lm.Gemm;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.LanguageModel;
import dev.doppel.lm.StepReport;
import dev.doppel.lm.Tokenizer;
import dev.doppel.lm.Trainer;
import dev.doppel.lm.TrainingData;
import dev.doppel.lm.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training throughput of the real training loop ({@link Trainer}: forward, backward, clipping, AdamW) on random
 * text, and its MFU: 6 x parameters x tokens/s over the fp32 GEMM FLOP/s measured on this machine ({@link Gemm}).
 */
public final class TrainingBenchmark {

    /** Median tokens/s of the measured steps and the model's size. */
    public record Result(GptConfig config, int batchSize, long parameters, double tokensPerSecond) {

        /** The MFU these tokens/s give against the given fp32 GEMM FLOP/s. */
        public double mfu(double peakFlops) {
            return Gemm.mfu(parameters, tokensPerSecond, peakFlops);
        }
    }

    private TrainingBenchmark() {
    }

    public static Result run(GptConfig config, int batchSize, int warmupSteps, int measuredSteps) {
        Tokenizer tokenizer = new SizedTokenizer(config.vocabSize());
        List<StepReport> reports = new ArrayList<>();
        try (LanguageModel model = LanguageModel.create(config, tokenizer, 1)) {
            TrainingData data = TrainingData.corpus(randomDocuments(config.blockSize() * batchSize * 4), tokenizer, config.blockSize());
            TrainingOptions options = TrainingOptions.quick(warmupSteps + measuredSteps).withBatch(batchSize, 1)
                    .withEvaluation(0, 0).withLogEvery(0);
            try (Trainer trainer = Trainer.start(model, data, null, options)) {
                trainer.run(reports::add);
            }
            double[] rates = reports.subList(warmupSteps, reports.size()).stream()
                    .mapToDouble(StepReport::tokensPerSecond).sorted().toArray();
            double median = rates[rates.length / 2];
            return new Result(config, batchSize, model.parameterCount(), median);
        }
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
