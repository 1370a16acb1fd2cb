package dev.doppel.trainer.rest;

import dev.doppel.events.ApiError;
import dev.doppel.trainer.persistence.TrainingJob;
import java.time.Instant;

/** A job as the internal API shows it; the gateway owns the tenant-facing OpenAI shape. */
public record JobView(
        String id,
        String tenantId,
        String datasetId,
        String fileId,
        String status,
        String model,
        String fineTunedModel,
        int step,
        int totalSteps,
        Double trainLoss,
        Double validLoss,
        long trainedTokens,
        String checkpointId,
        String checkpointKey,
        ApiError error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    static JobView of(TrainingJob job) {
        ApiError error = job.errorCode == null ? null : new ApiError(job.errorCode, job.errorMessage, job.errorParam);
        return new JobView(job.id, job.tenantId, job.datasetId, job.fileId, job.status, job.model, job.fineTunedModel,
                job.step, job.totalSteps, job.trainLoss, job.validLoss, job.trainedTokens, job.checkpointId,
                job.checkpointKey, error, job.createdAt, job.startedAt, job.finishedAt);
    }
}
