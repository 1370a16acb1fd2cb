package dev.doppel.evaluator.rest;

import dev.doppel.evaluator.persistence.Evaluation;
import dev.doppel.events.ApiError;
import java.time.Instant;

/** An evaluation as the internal API shows it. */
public record EvaluationView(
        String id,
        String tenantId,
        String jobId,
        String checkpointId,
        String fineTunedModel,
        String artifactKey,
        String status,
        String split,
        int examples,
        long tokens,
        Double loss,
        Double perplexity,
        Double tokenAccuracy,
        ApiError error,
        Instant createdAt) {

    static EvaluationView of(Evaluation e) {
        ApiError error = e.errorCode == null ? null : new ApiError(e.errorCode, e.errorMessage, null);
        return new EvaluationView(e.id, e.tenantId, e.jobId, e.checkpointId, e.fineTunedModel, e.artifactKey, e.status,
                e.split, e.examples, e.tokens, e.loss, e.perplexity, e.tokenAccuracy, error, e.createdAt);
    }
}
