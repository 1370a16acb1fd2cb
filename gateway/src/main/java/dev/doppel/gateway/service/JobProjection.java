package dev.doppel.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.events.CheckpointSaved;
import dev.doppel.events.Ids;
import dev.doppel.events.JobFinished;
import dev.doppel.events.JobProgressed;
import dev.doppel.gateway.persistence.CheckpointRecord;
import dev.doppel.gateway.persistence.FileRecord;
import dev.doppel.gateway.persistence.JobEventRecord;
import dev.doppel.gateway.persistence.JobRecord;
import dev.doppel.platform.Offload;
import dev.doppel.platform.Text;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps jobs, their events and checkpoints up to date from the trainer's announcements. Each method runs
 * inside the consumer's transaction. Jobs are created by the API before the trainer hears of them, but
 * a job first seen through its events (one the trainer started on its own) is created here.
 */
@ApplicationScoped
public class JobProjection {
    private static final Logger LOG = Logger.getLogger(JobProjection.class);
    static final String RESULTS_FILENAME = "step_metrics.csv";

    private final ArtifactStore artifacts;
    private final ObjectMapper json;

    JobProjection(ArtifactStore artifacts, ObjectMapper json) {
        this.artifacts = artifacts;
        this.json = json;
    }

    public Uni<Void> jobProgressed(JobProgressed event) {
        return job(event.jobId(), event.tenantId(), event.occurredAt()).chain(job -> {
            if (job.trainingFile == null) {
                job.trainingFile = event.fileId();
            }
            if (event.datasetId() != null) {
                job.datasetId = event.datasetId();
            }
            if (JobStatus.mayAdvance(job.status, event.status())) {
                job.status = event.status();
            }
            if (job.progressAt == null || !event.occurredAt().isBefore(job.progressAt)) {
                job.progressAt = event.occurredAt();
                job.estimatedFinish = event.estimatedFinish();
            }
            job.trainedTokens = Math.max(job.trainedTokens, event.trainedTokens());
            if (event.hyperparameters() != null) {
                var resolved = event.hyperparameters();
                job.nEpochs = resolved.nEpochs() != null ? resolved.nEpochs() : job.nEpochs;
                job.batchSize = resolved.batchSize() != null ? resolved.batchSize() : job.batchSize;
                job.learningRateMultiplier = resolved.learningRateMultiplier() != null
                        ? resolved.learningRateMultiplier() : job.learningRateMultiplier;
            }
            if (event.seed() != null) {
                job.seed = event.seed();
            }
            return eventRecord(event).persist();
        }).replaceWithVoid();
    }

    /**
     * The trainer's word on how the job ended wins over everything, an optimistic {@code cancelled}
     * included: a job that finished before the trainer saw the cancel did finish.
     */
    public Uni<Void> jobFinished(JobFinished event) {
        return job(event.jobId(), event.tenantId(), event.occurredAt()).chain(job -> {
            if (JobStatus.isFinal(event.status())) {
                job.status = event.status();
            } else {
                LOG.warnf("job %s: JobFinished %s has no final status (%s); keeping '%s'", job.id, event.eventId(),
                        event.status(), job.status);
            }
            job.finishedAt = event.occurredAt();
            job.estimatedFinish = null;
            job.fineTunedModel = event.fineTunedModel();
            job.trainedTokens = event.trainedTokens();
            if (job.baseModel == null) {
                job.baseModel = FineTunedModelNames.baseOf(event.fineTunedModel());
            }
            if (event.error() != null) {
                job.errorCode = event.error().code();
                job.errorMessage = Text.truncate(event.error().message(), 2000);
                job.errorParam = event.error().param();
            }
            return event.resultKey() == null || job.resultFileId != null ? Uni.createFrom().voidItem()
                    : resultFile(job, event.resultKey(), event.occurredAt());
        });
    }

    /** Checkpoints never change once saved, so a second event for one changes nothing. */
    public Uni<Void> checkpointSaved(CheckpointSaved event) {
        return CheckpointRecord.<CheckpointRecord>findById(event.checkpointId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            var checkpoint = new CheckpointRecord();
            checkpoint.id = event.checkpointId();
            checkpoint.tenantId = event.tenantId();
            checkpoint.jobId = event.jobId();
            checkpoint.createdAt = event.occurredAt();
            checkpoint.stepNumber = event.step();
            checkpoint.artifactKey = event.artifactKey();
            checkpoint.fineTunedModelCheckpoint = event.fineTunedModelCheckpoint() != null
                    ? event.fineTunedModelCheckpoint()
                    : FineTunedModelNames.checkpoint(event.fineTunedModel(), event.step());
            var metrics = event.metrics();
            checkpoint.trainLoss = metrics != null && metrics.trainLoss() != null ? metrics.trainLoss() : event.trainLoss();
            checkpoint.validLoss = metrics != null && metrics.validLoss() != null ? metrics.validLoss() : event.validLoss();
            if (metrics != null) {
                checkpoint.trainMeanTokenAccuracy = metrics.trainMeanTokenAccuracy();
                checkpoint.validMeanTokenAccuracy = metrics.validMeanTokenAccuracy();
                checkpoint.fullValidLoss = metrics.fullValidLoss();
                checkpoint.fullValidMeanTokenAccuracy = metrics.fullValidMeanTokenAccuracy();
            }
            return checkpoint.persist().replaceWithVoid();
        });
    }

    /**
     * The trainer's result CSV becomes a {@code fine-tune-results} file the tenant can download. A
     * missing artifact is logged rather than failed: failing would send the whole JobFinished to the
     * DLQ and leave the job looking unfinished.
     */
    private Uni<Void> resultFile(JobRecord job, String resultKey, Instant finishedAt) {
        return Offload.blocking(() -> artifacts.exists(resultKey) ? Files.size(artifacts.localPath(resultKey)) : -1L)
                .chain(bytes -> {
                    if (bytes < 0) {
                        LOG.warnf("job %s: result file %s is not in the artifact store; no result file listed",
                                job.id, resultKey);
                        return Uni.createFrom().voidItem();
                    }
                    var file = new FileRecord();
                    file.id = Ids.newId("file");
                    file.tenantId = job.tenantId;
                    file.filename = RESULTS_FILENAME;
                    file.purpose = FileService.FINE_TUNE_RESULTS;
                    file.bytes = bytes;
                    file.createdAt = finishedAt;
                    file.status = FileRecord.PROCESSED;
                    file.artifactKey = resultKey;
                    job.resultFileId = file.id;
                    return file.persist().replaceWithVoid();
                });
    }

    /** The job, locked for this transaction; created from its first event if the API never saw it. */
    private Uni<JobRecord> job(String jobId, String tenantId, Instant firstSeen) {
        return JobRecord.lock(jobId).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            var job = new JobRecord();
            job.id = jobId;
            job.tenantId = tenantId;
            job.createdAt = firstSeen;
            job.status = JobStatus.QUEUED;
            return job.<JobRecord>persist();
        });
    }

    private JobEventRecord eventRecord(JobProgressed event) {
        var record = new JobEventRecord();
        record.id = event.eventId();
        record.jobId = event.jobId();
        record.tenantId = event.tenantId();
        record.createdAt = event.occurredAt();
        record.level = event.level();
        record.message = Text.truncate(event.message(), 2000);
        record.type = event.type();
        record.dataJson = event.data() == null ? null : toJson(openAiMetrics(event.data()));
        return record;
    }

    /** OpenAI's metrics event data, snake_case; {@code tokens_per_second} is Doppel's addition. */
    static Map<String, Object> openAiMetrics(JobProgressed.Metrics m) {
        var data = new LinkedHashMap<String, Object>();
        data.put("step", m.step());
        data.put("total_steps", m.totalSteps());
        data.put("train_loss", m.trainLoss());
        data.put("valid_loss", m.validLoss());
        data.put("full_valid_loss", m.fullValidLoss());
        data.put("train_mean_token_accuracy", m.trainMeanTokenAccuracy());
        data.put("valid_mean_token_accuracy", m.validMeanTokenAccuracy());
        data.put("full_valid_mean_token_accuracy", m.fullValidMeanTokenAccuracy());
        data.put("tokens_per_second", m.tokensPerSecond());
        return data;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
