package dev.doppel.ingest.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.doppel.events.ApiError;
import dev.doppel.ingest.persistence.Dataset;
import java.time.Instant;

/** What ingest made of a file, as the gateway shows it to the file's owner. {@code error} is null when ready;
 * {@code report} (the prepare-data report) is null when rejected. */
public record DatasetReport(
        String id,
        String object,
        String tenantId,
        String fileId,
        String filename,
        String status,
        Counts examples,
        int duplicatesRemoved,
        ApiError error,
        @JsonRawValue String report,
        Instant createdAt) {

    public record Counts(int train, int validation, int test, int total) {
    }

    static DatasetReport of(Dataset d) {
        ApiError error = d.errorCode == null ? null : new ApiError(d.errorCode, d.errorMessage, d.errorParam);
        return new DatasetReport(d.id, "dataset", d.tenantId, d.fileId, d.filename, d.status,
                new Counts(d.trainExamples, d.validationExamples, d.testExamples,
                        d.trainExamples + d.validationExamples + d.testExamples),
                d.duplicatesRemoved, error, d.report, d.createdAt);
    }
}
