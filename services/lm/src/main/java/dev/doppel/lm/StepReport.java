package dev.doppel.lm;

/**
 * One optimizer step, as {@link SftTrainer} reports it.
 *
 * @param step 1-based step number
 * @param trainLoss masked mean cross-entropy of this step's batch (NaN or infinite on a skipped step)
 * @param stepMillis wall time of the step (forward, backward, update), without validation
 * @param tokensPerSecond batch positions (B x T, padding included: the compute done) per second
 * @param mfu model FLOPs utilization: achieved FLOP/s over {@link SftTrainer#PEAK_FLOPS}
 * @param validLoss validation loss when this step validated, else null
 * @param tokensSeen non-padding input tokens trained on so far
 */
public record StepReport(int step, int totalSteps, double trainLoss, double learningRate, double stepMillis,
                         double tokensPerSecond, double mfu, Double validLoss, long tokensSeen) {
}
