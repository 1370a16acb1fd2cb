package dev.doppel.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.events.DatasetReady;
import dev.doppel.events.DatasetRejected;
import dev.doppel.events.EvaluationCompleted;
import dev.doppel.events.JobFinished;
import dev.doppel.events.JobProgressed;
import dev.doppel.gateway.persistence.FileRecord;
import dev.doppel.gateway.persistence.JobEventRecord;
import dev.doppel.gateway.persistence.JobRecord;
import dev.doppel.gateway.persistence.ModelRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the tenant-facing view of files, jobs and models from what ingest, trainer and evaluator
 * announce. Each method runs inside the consumer's transaction; events of different topics may arrive
 * in any order, so every method creates the row it needs if it is not there yet.
 */
@ApplicationScoped
public class PipelineProjection {
    static final String BASE_MODEL = "doppel-tiny";

    private final ObjectMapper json;

    PipelineProjection(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> datasetReady(DatasetReady event) {
        return FileRecord.<FileRecord>findById(event.fileId()).invoke(file -> {
            if (file != null && file.tenantId.equals(event.tenantId())) {
                file.status = FileRecord.PROCESSED;
                file.datasetId = event.datasetId();
                file.statusDetails = null;
                file.report = event.report().isEmpty() ? null : toJson(event.report());
            }
        }).replaceWithVoid();
    }

    public Uni<Void> datasetRejected(DatasetRejected event) {
        return FileRecord.<FileRecord>findById(event.fileId()).invoke(file -> {
            if (file != null && file.tenantId.equals(event.tenantId())) {
                file.status = FileRecord.ERROR;
                file.datasetId = event.datasetId();
                file.statusDetails = event.error() == null ? "rejected" : event.error().message();
            }
        }).replaceWithVoid();
    }

    public Uni<Void> jobProgressed(JobProgressed event) {
        return job(event.jobId(), event.tenantId(), event.occurredAt()).chain(job -> {
            job.trainingFile = event.fileId();
            job.datasetId = event.datasetId();
            if (!isFinal(job.status)) {
                job.status = event.status();
            }
            if (event.data() != null) {
                job.step = event.data().step();
                job.totalSteps = event.data().totalSteps();
            }
            var record = new JobEventRecord();
            record.id = event.eventId();
            record.jobId = event.jobId();
            record.tenantId = event.tenantId();
            record.createdAt = event.occurredAt();
            record.level = event.level();
            record.message = event.message();
            record.type = event.type();
            record.dataJson = event.data() == null ? null : toJson(openAiMetrics(event.data()));
            return record.persist();
        }).replaceWithVoid();
    }

    public Uni<Void> jobFinished(JobFinished event) {
        return job(event.jobId(), event.tenantId(), event.occurredAt()).invoke(job -> {
            job.status = event.status();
            job.finishedAt = event.occurredAt();
            job.fineTunedModel = event.fineTunedModel();
            job.trainedTokens = event.trainedTokens();
            if (event.error() != null) {
                job.errorCode = event.error().code();
                job.errorMessage = event.error().message();
                job.errorParam = event.error().param();
            }
        }).replaceWithVoid();
    }

    public Uni<Void> evaluationCompleted(EvaluationCompleted event) {
        return ModelRecord.<ModelRecord>findById(event.fineTunedModel()).chain(existing -> {
            ModelRecord model = existing != null ? existing : new ModelRecord();
            if (existing == null) {
                model.id = event.fineTunedModel();
                model.tenantId = event.tenantId();
                model.createdAt = event.occurredAt();
            }
            model.jobId = event.jobId();
            model.checkpointId = event.checkpointId();
            model.artifactKey = event.artifactKey();
            model.evaluationId = event.evaluationId();
            model.evaluationSplit = event.split();
            model.evaluationExamples = event.examples();
            model.evaluationTokens = event.tokens();
            model.evaluationLoss = event.loss();
            model.perplexity = event.perplexity();
            model.ready = true;
            return existing != null ? Uni.createFrom().item(model) : model.<ModelRecord>persist();
        }).replaceWithVoid();
    }

    private Uni<JobRecord> job(String jobId, String tenantId, java.time.Instant firstSeen) {
        return JobRecord.<JobRecord>findById(jobId).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            var job = new JobRecord();
            job.id = jobId;
            job.tenantId = tenantId;
            job.baseModel = BASE_MODEL;
            job.createdAt = firstSeen;
            job.status = "queued";
            return job.<JobRecord>persist();
        });
    }

    /** OpenAI's metrics event data, snake_case; {@code tokens_per_second} is Doppel's addition. */
    static Map<String, Object> openAiMetrics(JobProgressed.Metrics m) {
        var data = new LinkedHashMap<String, Object>();
        data.put("step", m.step());
        data.put("total_steps", m.totalSteps());
        data.put("train_loss", m.trainLoss());
        data.put("valid_loss", m.validLoss());
        data.put("train_mean_token_accuracy", m.trainMeanTokenAccuracy());
        data.put("valid_mean_token_accuracy", m.validMeanTokenAccuracy());
        data.put("tokens_per_second", m.tokensPerSecond());
        return data;
    }

    private static boolean isFinal(String status) {
        return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
