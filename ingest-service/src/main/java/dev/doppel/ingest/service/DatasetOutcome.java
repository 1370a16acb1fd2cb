package dev.doppel.ingest.service;

import dev.doppel.dataprep.report.PrepareReport;
import dev.doppel.events.ApiError;

/** What became of one uploaded file, before anything is saved or announced. */
public sealed interface DatasetOutcome {
    String datasetId();

    /**
     * The splits are written to the artifact store under these keys. Documents (plain-text corpora)
     * go to {@code <split>-corpus.jsonl} beside them; the report says how many there are.
     */
    record Ready(String datasetId, String trainKey, String validationKey, String testKey,
                 int trainExamples, int validationExamples, int testExamples, PrepareReport report)
            implements DatasetOutcome {

        public int totalExamples() {
            return trainExamples + validationExamples + testExamples;
        }

        public int duplicatesRemoved() {
            return report.exactDuplicates() + report.nearDuplicates();
        }
    }

    /** Nothing was written; {@code error} tells the owner what to fix. */
    record Rejected(String datasetId, ApiError error) implements DatasetOutcome {
    }
}
