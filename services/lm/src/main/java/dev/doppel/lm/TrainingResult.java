package dev.doppel.lm;

/**
 * @param steps steps run, skipped ones included
 * @param finalTrainLoss loss of the last step that was not skipped
 * @param finalValidLoss validation loss after the last step, null without validation examples
 * @param tokensSeen non-padding input tokens trained on
 * @param skippedSteps steps whose loss or gradient norm was NaN or infinite, so no update was applied
 */
public record TrainingResult(int steps, double finalTrainLoss, Double finalValidLoss, long tokensSeen, int skippedSteps) {
}
