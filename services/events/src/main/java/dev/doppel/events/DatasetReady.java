package dev.doppel.events;

import java.time.Instant;
import java.util.Map;

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
        int testExamples,
        Map<String, Object> report) implements DoppelEvent {

    /** {@code report}: ingest's prepare-data report (counts, token lengths, warnings), as JSON. */
    public DatasetReady {
        report = report == null ? Map.of() : report;
    }

    public DatasetReady(String eventId, String tenantId, Instant occurredAt, String datasetId, String fileId,
            String trainKey, String validationKey, String testKey, int trainExamples, int validationExamples,
            int testExamples) {
        this(eventId, tenantId, occurredAt, datasetId, fileId, trainKey, validationKey, testKey, trainExamples,
                validationExamples, testExamples, Map.of());
    }

    @Override
    public String key() {
        return datasetId;
    }
}
