package dev.doppel.events;

import java.time.Instant;

/**
 * The evaluator scored a checkpoint on held-out data. {@code artifactKey} is the checkpoint the scores
 * belong to, so the gateway can serve it once it is marked ready.
 */
public record EvaluationCompleted(
        String eventId,
        String tenantId,
        Instant occurredAt,
        String evaluationId,
        String checkpointId,
        String jobId,
        String fineTunedModel,
        String artifactKey,
        String split,
        int examples,
        long tokens,
        double loss,
        double perplexity) implements DoppelEvent {

    @Override
    public String key() {
        return checkpointId;
    }
}
