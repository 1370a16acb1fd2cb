package dev.doppel.gateway.rest;

import dev.doppel.gateway.persistence.ModelRecord;

/** Doppel's own: how a model scored on the tenant's held-out data. */
public record EvaluationObject(String id, String object, String model, String fine_tuning_job_id,
        String checkpoint, String split, Integer examples, Long tokens, Double loss, Double perplexity) {

    public static EvaluationObject of(ModelRecord m) {
        return new EvaluationObject(m.evaluationId, "doppel.evaluation", m.id, m.jobId, m.checkpointId,
                m.evaluationSplit, m.evaluationExamples, m.evaluationTokens, m.evaluationLoss, m.perplexity);
    }
}
