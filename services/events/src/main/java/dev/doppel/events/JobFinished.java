package dev.doppel.events;

import java.time.Instant;

/**
 * A job ended: {@code status} is {@code succeeded}, {@code failed} or {@code cancelled}. On success
 * {@code fineTunedModel} names the model; on failure {@code error} says why.
 */
public record JobFinished(
        String eventId,
        String tenantId,
        Instant occurredAt,
        String jobId,
        String status,
        String fineTunedModel,
        long trainedTokens,
        ApiError error) implements DoppelEvent {

    @Override
    public String key() {
        return jobId;
    }
}
