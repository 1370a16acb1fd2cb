package dev.doppel.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.events.DatasetReady;
import dev.doppel.events.DatasetRejected;
import dev.doppel.events.EvaluationCompleted;
import dev.doppel.events.ModelPublished;
import dev.doppel.gateway.persistence.EvaluationRecord;
import dev.doppel.gateway.persistence.FileRecord;
import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.platform.Text;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;

/**
 * Builds the tenant-facing view of files and models from what ingest and evaluator announce (jobs:
 * {@link JobProjection}). Each method runs inside the consumer's transaction; events of different topics
 * may arrive in any order, so every method creates the row it needs if it is not there yet.
 */
@ApplicationScoped
public class PipelineProjection {
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
                file.statusDetails = event.error() == null ? "rejected" : Text.truncate(event.error().message(), 2000);
            }
        }).replaceWithVoid();
    }

    /** Keeps the scores; which checkpoint the model serves is the evaluator's choice, see {@link #modelPublished}. */
    public Uni<Void> evaluationCompleted(EvaluationCompleted event) {
        return EvaluationRecord.<EvaluationRecord>findById(event.evaluationId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            var evaluation = new EvaluationRecord();
            evaluation.id = event.evaluationId();
            evaluation.tenantId = event.tenantId();
            evaluation.fineTunedModel = event.fineTunedModel();
            evaluation.jobId = event.jobId();
            evaluation.checkpointId = event.checkpointId();
            evaluation.step = event.step();
            evaluation.split = event.split();
            evaluation.examples = event.examples();
            evaluation.tokens = event.tokens();
            evaluation.loss = event.loss();
            evaluation.perplexity = event.perplexity();
            evaluation.validLoss = event.validLoss();
            var scores = new java.util.LinkedHashMap<String, Object>();
            scores.put("model", event.model());
            scores.put("baseline", event.baseline());
            evaluation.scores = toJson(scores);
            evaluation.createdAt = event.occurredAt();
            return evaluation.persist().replaceWithVoid();
        });
    }

    /** The evaluator chose the checkpoint the model serves (the job's best so far): it becomes servable, or switches. */
    public Uni<Void> modelPublished(ModelPublished event) {
        return ModelRecord.<ModelRecord>findById(event.fineTunedModel()).chain(existing -> {
            ModelRecord model = existing != null ? existing : new ModelRecord();
            if (existing == null) {
                model.id = event.fineTunedModel();
                model.tenantId = event.tenantId();
                model.createdAt = event.occurredAt();
            } else if (model.deletedAt != null) {
                return Uni.createFrom().voidItem(); // the tenant deleted it; a better checkpoint does not bring it back
            } else if (model.publishedAt != null && model.publishedAt.isAfter(event.occurredAt())) {
                return Uni.createFrom().voidItem(); // a newer publication is already applied
            }
            model.jobId = event.jobId();
            model.checkpointId = event.checkpointId();
            model.artifactKey = event.artifactKey();
            model.evaluationId = event.evaluationId();
            model.step = event.step();
            model.selectionLoss = event.validLoss();
            model.publishedAt = event.occurredAt();
            model.ready = true;
            return existing != null ? Uni.createFrom().voidItem() : model.persist().replaceWithVoid();
        });
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
