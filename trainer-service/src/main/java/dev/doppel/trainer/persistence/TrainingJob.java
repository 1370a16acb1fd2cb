package dev.doppel.trainer.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One fine-tuning run of one dataset. The row holds everything a run needs (the split keys), so a
 * later crash-resume can restart a job from the database alone.
 */
@Entity
@Table(name = "training_jobs", indexes = @Index(name = "training_jobs_dataset", columnList = "datasetId"))
public class TrainingJob extends PanacheEntityBase {
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    /** {@code ftjob-…}. */
    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 200)
    public String tenantId;

    @Column(nullable = false, length = 200)
    public String datasetId;

    @Column(length = 200)
    public String fileId;

    @Column(nullable = false, length = 1000)
    public String trainKey;

    @Column(length = 1000)
    public String validationKey;

    @Column(length = 1000)
    public String testKey;

    /** {@link #QUEUED}, {@link #RUNNING}, {@link #SUCCEEDED} or {@link #FAILED}. */
    @Column(nullable = false, length = 20)
    public String status;

    /** The base model the job starts from. */
    @Column(nullable = false, length = 100)
    public String model;

    /** Set once the job succeeded: {@code ft:doppel-tiny:{tenant}::{id}}. */
    @Column(length = 400)
    public String fineTunedModel;

    public int step;
    public int totalSteps;
    public Double trainLoss;
    public Double validLoss;
    public long trainedTokens;

    @Column(length = 64)
    public String checkpointId;

    @Column(length = 1000)
    public String checkpointKey;

    @Column(length = 100)
    public String errorCode;

    @Column(length = 2000)
    public String errorMessage;

    @Column(length = 200)
    public String errorParam;

    @Column(nullable = false)
    public Instant createdAt;

    public Instant startedAt;
    public Instant finishedAt;
}
