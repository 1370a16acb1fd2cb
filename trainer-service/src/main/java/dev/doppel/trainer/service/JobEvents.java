package dev.doppel.trainer.service;

import dev.doppel.events.ApiError;
import dev.doppel.events.CheckpointSaved;
import dev.doppel.events.Ids;
import dev.doppel.events.JobFinished;
import dev.doppel.events.JobProgressed;
import dev.doppel.trainer.persistence.TrainingJob;
import java.time.Instant;
import java.util.Locale;

/** Maps a saved job to the events that announce it; never hands out the entity itself. */
public final class JobEvents {
    public static final String INFO = "info";
    public static final String ERROR = "error";

    public static JobProgressed message(TrainingJob job, String level, String message) {
        return new JobProgressed(Ids.eventId(), job.tenantId, Instant.now(), job.id, job.fileId, job.datasetId,
                job.status, level, message, JobProgressed.TYPE_MESSAGE, null);
    }

    public static JobProgressed metrics(TrainingJob job, Double tokensPerSecond) {
        var data = new JobProgressed.Metrics(job.step, job.totalSteps, job.trainLoss, job.validLoss, null, null,
                tokensPerSecond);
        return new JobProgressed(Ids.eventId(), job.tenantId, Instant.now(), job.id, job.fileId, job.datasetId,
                job.status, INFO, stepMessage(job.step, job.totalSteps, job.trainLoss, job.validLoss),
                JobProgressed.TYPE_METRICS, data);
    }

    /** OpenAI's wording: {@code Step 20/60: training loss=2.31, validation loss=2.40}. */
    static String stepMessage(int step, int totalSteps, Double trainLoss, Double validLoss) {
        var text = new StringBuilder("Step ").append(step).append('/').append(totalSteps).append(':');
        if (trainLoss != null) {
            text.append(String.format(Locale.ROOT, " training loss=%.2f", trainLoss));
        }
        if (validLoss != null) {
            text.append(trainLoss != null ? "," : "").append(String.format(Locale.ROOT, " validation loss=%.2f", validLoss));
        }
        return text.toString();
    }

    public static CheckpointSaved checkpointSaved(TrainingJob job, String fineTunedModel) {
        return new CheckpointSaved(Ids.eventId(), job.tenantId, Instant.now(), job.checkpointId, job.id,
                job.datasetId, fineTunedModel, job.step, job.trainLoss, job.validLoss, job.checkpointKey,
                job.validationKey, job.testKey);
    }

    public static JobFinished succeeded(TrainingJob job) {
        return new JobFinished(Ids.eventId(), job.tenantId, Instant.now(), job.id, TrainingJob.SUCCEEDED,
                job.fineTunedModel, job.trainedTokens, null);
    }

    public static JobFinished failed(TrainingJob job) {
        return new JobFinished(Ids.eventId(), job.tenantId, Instant.now(), job.id, TrainingJob.FAILED, null,
                job.trainedTokens, new ApiError(job.errorCode, job.errorMessage, job.errorParam));
    }

    private JobEvents() {
    }
}
