package dev.doppel.gateway.rest;

import dev.doppel.gateway.persistence.JobRecord;
import java.util.List;
import java.util.Map;

/** OpenAI's {@code fine_tuning.job} object. */
public record JobObject(String id, String object, long created_at, Long finished_at, String model,
        String fine_tuned_model, String organization_id, String status, Map<String, Object> hyperparameters,
        String training_file, String validation_file, List<String> result_files, long trained_tokens,
        ErrorBody.Detail error, Map<String, Object> metadata) {

    public static JobObject of(JobRecord j) {
        ErrorBody.Detail error = j.errorCode == null ? null
                : new ErrorBody.Detail(j.errorMessage, null, j.errorParam, j.errorCode);
        Map<String, Object> progress = j.step == null ? Map.of()
                : Map.of("step", j.step, "total_steps", j.totalSteps == null ? 0 : j.totalSteps);
        return new JobObject(j.id, "fine_tuning.job", j.createdAt.getEpochSecond(),
                j.finishedAt == null ? null : j.finishedAt.getEpochSecond(), j.baseModel, j.fineTunedModel,
                j.tenantId, j.status, Map.of("n_epochs", "auto", "batch_size", "auto",
                        "learning_rate_multiplier", "auto"),
                j.trainingFile, null, List.of(), j.trainedTokens, error, Map.of("doppel_progress", progress));
    }
}
