package dev.doppel.lm;

/**
 * How {@link Trainer} trains. Saved with every training checkpoint, so a resumed run continues the same schedule.
 *
 * @param steps optimizer steps to run
 * @param batchSize rows per micro-batch, sampled with replacement
 * @param gradAccumulation micro-batches whose gradients add up to one optimizer step (effective batch
 *     {@code batchSize * gradAccumulation})
 * @param learningRate peak learning rate, reached after the warmup
 * @param warmupSteps steps of linear warmup from {@code learningRate / warmupSteps}
 * @param minLearningRateRatio floor of the cosine decay, as a fraction of the peak
 * @param weightDecay decoupled AdamW decay, applied to matrices only (not biases, LayerNorms, embeddings)
 * @param gradClip global gradient-norm limit; 0 turns clipping off
 * @param evalEvery validate every this many steps (and after the last); 0 validates only after the last
 * @param evalBatches validation batches per evaluation; 0 evaluates all validation data
 * @param seed seed of batch sampling and dropout; with the step number it decides all randomness
 * @param logEvery write the step log line every this many steps (and the first and last); 0 never logs
 */
public record TrainingOptions(int steps, int batchSize, int gradAccumulation, float learningRate, int warmupSteps,
                              float minLearningRateRatio, float weightDecay, float gradClip, int evalEvery,
                              int evalBatches, long seed, int logEvery) {

    public TrainingOptions {
        check(steps > 0, "steps must be positive, got " + steps);
        check(batchSize > 0, "batchSize must be positive, got " + batchSize);
        check(gradAccumulation > 0, "gradAccumulation must be positive, got " + gradAccumulation);
        check(learningRate > 0f && Float.isFinite(learningRate), "learningRate must be positive, got " + learningRate);
        check(warmupSteps >= 0, "warmupSteps must not be negative, got " + warmupSteps);
        check(minLearningRateRatio >= 0f && minLearningRateRatio <= 1f, "minLearningRateRatio must be in [0, 1], got " + minLearningRateRatio);
        check(weightDecay >= 0f, "weightDecay must not be negative, got " + weightDecay);
        check(gradClip >= 0f, "gradClip must not be negative, got " + gradClip);
        check(evalEvery >= 0, "evalEvery must not be negative, got " + evalEvery);
        check(evalBatches >= 0, "evalBatches must not be negative, got " + evalBatches);
        check(logEvery >= 0, "logEvery must not be negative, got " + logEvery);
    }

    /** Settings that fit a tiny model on a small data set: batch 8, lr 3e-3, 10% warmup, cosine to 10%. */
    public static TrainingOptions quick(int steps) {
        return new TrainingOptions(steps, 8, 1, 3e-3f, Math.max(1, steps / 10), 0.1f, 0.1f, 1.0f,
                Math.max(1, steps / 4), 0, 1337L, Math.max(1, steps / 10));
    }

    public TrainingOptions withSteps(int newSteps) {
        return new TrainingOptions(newSteps, batchSize, gradAccumulation, learningRate, warmupSteps, minLearningRateRatio,
                weightDecay, gradClip, evalEvery, evalBatches, seed, logEvery);
    }

    public TrainingOptions withBatch(int newBatchSize, int newGradAccumulation) {
        return new TrainingOptions(steps, newBatchSize, newGradAccumulation, learningRate, warmupSteps, minLearningRateRatio,
                weightDecay, gradClip, evalEvery, evalBatches, seed, logEvery);
    }

    public TrainingOptions withSchedule(float newLearningRate, int newWarmupSteps, float newMinLearningRateRatio) {
        return new TrainingOptions(steps, batchSize, gradAccumulation, newLearningRate, newWarmupSteps, newMinLearningRateRatio,
                weightDecay, gradClip, evalEvery, evalBatches, seed, logEvery);
    }

    public TrainingOptions withRegularization(float newWeightDecay, float newGradClip) {
        return new TrainingOptions(steps, batchSize, gradAccumulation, learningRate, warmupSteps, minLearningRateRatio,
                newWeightDecay, newGradClip, evalEvery, evalBatches, seed, logEvery);
    }

    public TrainingOptions withEvaluation(int newEvalEvery, int newEvalBatches) {
        return new TrainingOptions(steps, batchSize, gradAccumulation, learningRate, warmupSteps, minLearningRateRatio,
                weightDecay, gradClip, newEvalEvery, newEvalBatches, seed, logEvery);
    }

    public TrainingOptions withSeed(long newSeed) {
        return new TrainingOptions(steps, batchSize, gradAccumulation, learningRate, warmupSteps, minLearningRateRatio,
                weightDecay, gradClip, evalEvery, evalBatches, newSeed, logEvery);
    }

    public TrainingOptions withLogEvery(int newLogEvery) {
        return new TrainingOptions(steps, batchSize, gradAccumulation, learningRate, warmupSteps, minLearningRateRatio,
                weightDecay, gradClip, evalEvery, evalBatches, seed, newLogEvery);
    }

    /** Rows per optimizer step. */
    public int effectiveBatchSize() {
        return batchSize * gradAccumulation;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
