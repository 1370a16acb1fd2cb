package dev.doppel.events;

import java.time.Instant;

/**
 * The trainer wrote a checkpoint to the artifact store under {@code artifactKey}. It carries the
 * dataset so the evaluator can score the checkpoint on the held-out splits.
 */
public record CheckpointSaved(
        String eventId,
        String tenantId,
        Instant occurredAt,
        String checkpointId,
        String jobId,
        String datasetId,
        String fineTunedModel,
        int step,
        Double trainLoss,
        Double validLoss,
        String artifactKey,
        String validationKey,
        String testKey) implements DoppelEvent {

    @Override
    public String key() {
        return checkpointId;
    }
}
