package dev.doppel.events;

import java.time.Instant;

/**
 * Ingest turned an uploaded file into a dataset: train / validation / test splits as chat-style JSONL
 * ({@code {"prompt": …, "completion": …}} per line) in the artifact store.
 */
public record DatasetReady(
        String eventId,
        String tenantId,
        Instant occurredAt,
        String datasetId,
        String fileId,
        String trainKey,
        String validationKey,
        String testKey,
        int trainExamples,
        int validationExamples,
        int testExamples) implements DoppelEvent {

    @Override
    public String key() {
        return datasetId;
    }
}
