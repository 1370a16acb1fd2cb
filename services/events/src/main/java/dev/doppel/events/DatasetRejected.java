package dev.doppel.events;

import java.time.Instant;

/** Ingest could not use an uploaded file; {@code error} says which line or field and why. */
public record DatasetRejected(
        String eventId,
        String tenantId,
        Instant occurredAt,
        String datasetId,
        String fileId,
        ApiError error) implements DoppelEvent {

    @Override
    public String key() {
        return datasetId;
    }
}
