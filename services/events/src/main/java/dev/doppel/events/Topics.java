package dev.doppel.events;

import java.util.List;

/**
 * Kafka topic names: {@code <owning-context>.<past-tense-event>.v<major>}. Services bind channels to
 * these names in their application.properties; the constants here are what tests, the local stack and
 * the Helm chart use to create and check topics.
 */
public final class Topics {
    public static final String FILE_UPLOADED = "gateway.file-uploaded.v1";
    public static final String JOB_REQUESTED = "gateway.job-requested.v1";
    public static final String JOB_CANCEL_REQUESTED = "gateway.job-cancel-requested.v1";
    public static final String REVIEW_SUBMITTED = "gateway.review-submitted.v1";

    public static final String DATASET_READY = "ingest.dataset-ready.v1";
    public static final String DATASET_REJECTED = "ingest.dataset-rejected.v1";

    public static final String JOB_PROGRESSED = "trainer.job-progressed.v1";
    public static final String CHECKPOINT_SAVED = "trainer.checkpoint-saved.v1";
    public static final String JOB_FINISHED = "trainer.job-finished.v1";

    public static final String EVALUATION_COMPLETED = "evaluator.evaluation-completed.v1";
    public static final String MODEL_PUBLISHED = "evaluator.model-published.v1";
    public static final String PREFERENCES_READY = "evaluator.preferences-ready.v1";

    /** Every topic of the platform, in the order of the pipeline. */
    public static final List<String> ALL = List.of(
            FILE_UPLOADED, JOB_REQUESTED, JOB_CANCEL_REQUESTED, REVIEW_SUBMITTED,
            DATASET_READY, DATASET_REJECTED,
            JOB_PROGRESSED, CHECKPOINT_SAVED, JOB_FINISHED,
            EVALUATION_COMPLETED, MODEL_PUBLISHED, PREFERENCES_READY);

    /** Where a consumer parks a message it cannot process, so it is never lost. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** Every topic and its dead-letter topic. */
    public static List<String> allWithDeadLetters() {
        return ALL.stream().flatMap(t -> java.util.stream.Stream.of(t, deadLetter(t))).toList();
    }

    private Topics() {
    }
}
