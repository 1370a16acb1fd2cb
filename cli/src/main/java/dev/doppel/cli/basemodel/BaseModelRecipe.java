package dev.doppel.cli.basemodel;

import dev.doppel.lm.GptConfig;
import dev.doppel.lm.TrainingOptions;

/**
 * How a base model is pretrained. {@link #defaults()} is {@code doppel-mail}'s recipe: a byte-level BPE of 1024
 * tokens, a GPT of 4 layers, 6 heads, width 192 and 256 tokens of context (2.0 M parameters), 600 steps of 16
 * windows at a peak learning rate of 2e-3 with 100 warmup steps and cosine decay to a tenth, seed 1337.
 *
 * @param warmupSteps warmup of a full-length run; a run shorter than six times this warms up for a sixth of its
 *                    steps, so that a quick build (a test's 20 steps) still reaches the peak learning rate
 * @param evalEvery   validate on {@code evalBatches} batches every this many steps (and after the last)
 */
public record BaseModelRecipe(int steps, int vocabSize, int layers, int heads, int embedding, int context, float dropout,
                              int batchSize, float learningRate, int warmupSteps, float minLearningRateRatio,
                              float weightDecay, float gradClip, int evalEvery, int evalBatches, long seed) {

    public static final int DEFAULT_STEPS = 600;
    /** What {@link #DEFAULT_STEPS} take, measured (README, "Base models"). */
    public static final String DEFAULT_DURATION = "about 2.5 minutes on 2 idle cores";

    public static BaseModelRecipe defaults() {
        return new BaseModelRecipe(DEFAULT_STEPS, 1024, 4, 6, 192, 256, 0.1f, 16, 2e-3f, 100, 0.1f, 0.1f, 1.0f, 100, 20, 1337L);
    }

    public BaseModelRecipe withSteps(int newSteps) {
        return new BaseModelRecipe(newSteps, vocabSize, layers, heads, embedding, context, dropout, batchSize, learningRate,
                warmupSteps, minLearningRateRatio, weightDecay, gradClip, evalEvery, evalBatches, seed);
    }

    /** The GPT for a tokenizer of {@code tokenizerVocabSize} ids (a small corpus may stop BPE short of {@link #vocabSize}). */
    public GptConfig model(int tokenizerVocabSize) {
        return new GptConfig(layers, heads, embedding, context, tokenizerVocabSize, dropout, true);
    }

    /** The trainer's options; it logs nothing itself (the build prints its own progress lines). */
    public TrainingOptions training() {
        return new TrainingOptions(steps, batchSize, 1, learningRate, Math.min(warmupSteps, steps / 6), minLearningRateRatio,
                weightDecay, gradClip, evalEvery, evalBatches, seed, 0);
    }
}
