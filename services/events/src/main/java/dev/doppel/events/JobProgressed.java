package dev.doppel.events;

import java.time.Instant;

/**
 * A fine-tuning job event in OpenAI's shape: {@code level} (info, warn, error), a message, and a
 * {@code type} of {@code message} or {@code metrics}; metrics events carry {@link Metrics}.
 * {@code status} is the job's status when the event was emitted.
 */
public record JobProgressed(
        String eventId,
        String tenantId,
        Instant occurredAt,
        String jobId,
        String fileId,
        String datasetId,
        String status,
        String level,
        String message,
        String type,
        Metrics data) implements DoppelEvent {

    public static final String TYPE_MESSAGE = "message";
    public static final String TYPE_METRICS = "metrics";

    @Override
    public String key() {
        return jobId;
    }

    /** Training metrics at one step; absent values are null. */
    public record Metrics(
            int step,
            int totalSteps,
            Double trainLoss,
            Double validLoss,
            Double trainMeanTokenAccuracy,
            Double validMeanTokenAccuracy,
            Double tokensPerSecond) {
    }
}
