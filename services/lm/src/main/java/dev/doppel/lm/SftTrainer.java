package dev.doppel.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised fine-tuning on prompt/completion pairs: next-token cross-entropy on completion and {@code <end>}
 * tokens only, AdamW, warmup plus cosine learning rate, global-norm clipping and a NaN/Inf guard. One log line
 * per {@code logEvery} steps: {@code step | loss | lr | dt | tok/s | mfu}.
 *
 * <p>PyTorch allows one gradient collector per JVM at a time, so run one training at a time per process.
 */
public final class SftTrainer {

    /**
     * fp32 GEMM peak measured on the project's 2-core x86_64 machine (shared/NOTES-ENVIRONMENT.md): the
     * denominator of MFU. On other hardware MFU is relative to this machine, not to the one it runs on.
     */
    public static final double PEAK_FLOPS = 73e9;

    private static final Logger LOG = LoggerFactory.getLogger(SftTrainer.class);

    private SftTrainer() {
    }

    /**
     * Trains {@code model} in place. {@code validation} may be empty; when it is not, it is evaluated every
     * {@code evalEvery} steps and after the last. Records a {@code lastTraining} entry in the model's metadata.
     */
    public static TrainingResult train(LanguageModel model, List<Example> train, List<Example> validation,
                                       TrainingOptions options, ProgressListener listener) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        GptConfig config = model.config();
        Tokenizer tokenizer = model.tokenizer();
        ChatTemplate template = new ChatTemplate(tokenizer);
        List<ChatTemplate.Encoded> encoded = train.stream().map(e -> template.encode(e, config.blockSize() + 1)).toList();
        Random sampler = new Random(options.seed());
        Engine.getEngine(Engines.PYTORCH).setRandomSeed((int) options.seed()); // dropout masks
        long parameterCount = model.parameterCount();

        long tokensSeen = 0;
        int skippedSteps = 0;
        double lastLoss = Double.NaN;
        Double validLoss = null;
        try (NDManager optimizerState = model.manager().newSubManager()) {
            AdamW optimizer = new AdamW(model, options.weightDecay(), optimizerState);
            ParameterStore parameterStore = new ParameterStore(model.manager(), false);
            for (int step = 0; step < options.steps(); step++) {
                double lr = learningRate(step, options);
                TokenBatch batch = sampleBatch(encoded, options.batchSize(), sampler, tokenizer.padToken());
                long start = System.nanoTime();
                double loss;
                boolean skipped;
                try (NDManager stepManager = model.manager().newSubManager()) {
                    NDArray lossArray;
                    try (GradientCollector collector = Engine.getEngine(Engines.PYTORCH).newGradientCollector()) {
                        NDArray logits = model.forward(parameterStore, batch.inputArray(stepManager), true); // (B, T, V)
                        lossArray = Losses.maskedMean(logits, batch.targetArray(stepManager),
                                batch.maskArray(stepManager), batch.targetTokens());                         // ()
                        collector.backward(lossArray);
                    }
                    loss = lossArray.getFloat();
                    List<NDArray> gradients = optimizer.gradients(stepManager);
                    double norm = AdamW.globalNorm(gradients);
                    skipped = !Double.isFinite(loss) || !Double.isFinite(norm);
                    if (!skipped) {
                        if (options.gradClip() > 0f && norm > options.gradClip()) {
                            AdamW.scale(gradients, (float) (options.gradClip() / (norm + 1e-6)));
                        }
                        try (Engines.NoGrad ignored = Engines.noGrad()) {
                            optimizer.step(gradients, lr, stepManager);
                        }
                    }
                    optimizer.zeroGradients();
                }
                double stepMillis = (System.nanoTime() - start) / 1e6;

                if (skipped) {
                    skippedSteps++;
                    LOG.warn("step {}: loss or gradient norm is not finite, update skipped ({} skipped so far)", step + 1, skippedSteps);
                } else {
                    lastLoss = loss;
                }
                tokensSeen += batch.realTokens(tokenizer.padToken());
                long positions = (long) batch.batchSize() * batch.length();
                double tokensPerSecond = positions / (stepMillis / 1000.0);
                double flopsPerToken = 6.0 * parameterCount + 12.0 * config.nLayer() * config.nEmbd() * batch.length();
                double mfu = flopsPerToken * tokensPerSecond / PEAK_FLOPS;

                boolean last = step == options.steps() - 1;
                Double stepValidLoss = null;
                if (!validation.isEmpty() && (last || (options.evalEvery() > 0 && (step + 1) % options.evalEvery() == 0))) {
                    stepValidLoss = Evaluator.evaluate(model, validation).loss();
                    validLoss = stepValidLoss;
                }
                if (options.logEvery() > 0 && (step == 0 || last || (step + 1) % options.logEvery() == 0)) {
                    LOG.info(String.format("step %d/%d | loss %.4f | lr %.2e | dt %.1fms | tok/s %.0f | mfu %.2f%%%s",
                            step + 1, options.steps(), loss, lr, stepMillis, tokensPerSecond, 100 * mfu,
                            stepValidLoss == null ? "" : String.format(" | val %.4f", stepValidLoss)));
                }
                progress.onStep(new StepReport(step + 1, options.steps(), loss, lr, stepMillis, tokensPerSecond, mfu,
                        stepValidLoss, tokensSeen));
            }
        }
        TrainingResult result = new TrainingResult(options.steps(), lastLoss, validLoss, tokensSeen, skippedSteps);
        model.putMetadata("lastTraining", describe(result, options));
        return result;
    }

    /**
     * Learning rate of a 0-based step: linear warmup to the peak over {@code warmupSteps}, then cosine decay
     * to {@code minLearningRateRatio * learningRate} at the last step. Pure.
     */
    public static double learningRate(int step, TrainingOptions options) {
        double peak = options.learningRate();
        double floor = peak * options.minLearningRateRatio();
        if (step < options.warmupSteps()) {
            return peak * (step + 1) / options.warmupSteps();
        }
        int decaySteps = options.steps() - 1 - options.warmupSteps();
        double progress = decaySteps <= 0 ? 1.0 : Math.min(1.0, (double) (step - options.warmupSteps()) / decaySteps);
        double coefficient = 0.5 * (1.0 + Math.cos(Math.PI * progress)); // 1 -> 0
        return floor + coefficient * (peak - floor);
    }

    private static TokenBatch sampleBatch(List<ChatTemplate.Encoded> encoded, int batchSize, Random sampler, int padToken) {
        List<ChatTemplate.Encoded> rows = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            rows.add(encoded.get(sampler.nextInt(encoded.size())));
        }
        return TokenBatch.of(rows, padToken);
    }

    private static Map<String, Object> describe(TrainingResult result, TrainingOptions options) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("steps", result.steps());
        entry.put("finalTrainLoss", result.finalTrainLoss());
        entry.put("finalValidLoss", result.finalValidLoss());
        entry.put("tokensSeen", result.tokensSeen());
        entry.put("skippedSteps", result.skippedSteps());
        entry.put("options", options);
        return entry;
    }
}
