package dev.doppel.lm;

/**
 * How {@link SftTrainer} trains.
 *
 * @param steps optimizer steps to run
 * @param batchSize examples per step, sampled with replacement
 * @param learningRate peak learning rate, reached after the warmup
 * @param warmupSteps steps of linear warmup from {@code learningRate / warmupSteps}
 * @param minLearningRateRatio floor of the cosine decay, as a fraction of the peak
 * @param weightDecay decoupled AdamW decay, applied to matrices only (not biases, LayerNorms, embeddings)
 * @param gradClip global gradient-norm limit; 0 turns clipping off
 * @param evalEvery validate every this many steps (and after the last); 0 validates only after the last
 * @param seed seed of batch sampling and dropout
 * @param logEvery write the step log line every this many steps (and the first and last); 0 never logs
 */
public record TrainingOptions(int steps, int batchSize, float learningRate, int warmupSteps, float minLearningRateRatio,
                              float weightDecay, float gradClip, int evalEvery, long seed, int logEvery) {

    public TrainingOptions {
        check(steps > 0, "steps must be positive, got " + steps);
        check(batchSize > 0, "batchSize must be positive, got " + batchSize);
        check(learningRate > 0f && Float.isFinite(learningRate), "learningRate must be positive, got " + learningRate);
        check(warmupSteps >= 0, "warmupSteps must not be negative, got " + warmupSteps);
        check(minLearningRateRatio >= 0f && minLearningRateRatio <= 1f, "minLearningRateRatio must be in [0, 1], got " + minLearningRateRatio);
        check(weightDecay >= 0f, "weightDecay must not be negative, got " + weightDecay);
        check(gradClip >= 0f, "gradClip must not be negative, got " + gradClip);
        check(evalEvery >= 0, "evalEvery must not be negative, got " + evalEvery);
        check(logEvery >= 0, "logEvery must not be negative, got " + logEvery);
    }

    /** Settings that fit a tiny model on a small data set: batch 8, lr 3e-3, 10% warmup, cosine to 10%. */
    public static TrainingOptions quick(int steps) {
        return new TrainingOptions(steps, 8, 3e-3f, Math.max(1, steps / 10), 0.1f, 0.1f, 1.0f,
                Math.max(1, steps / 4), 1337L, Math.max(1, steps / 10));
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
