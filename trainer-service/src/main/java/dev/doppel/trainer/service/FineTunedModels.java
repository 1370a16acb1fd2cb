package dev.doppel.trainer.service;

/**
 * Names of fine-tuned models in OpenAI's shape {@code ft:{base}:{org}:{suffix}:{id}}: the tenant is
 * the organisation, the suffix is empty until jobs accept one, the id is the job id without its
 * {@code ftjob-} prefix.
 */
public final class FineTunedModels {
    private static final String JOB_PREFIX = "ftjob-";

    public static String name(String baseModel, String tenantId, String jobId) {
        String id = jobId.startsWith(JOB_PREFIX) ? jobId.substring(JOB_PREFIX.length()) : jobId;
        return "ft:" + baseModel + ":" + tenantId + "::" + id;
    }

    private FineTunedModels() {
    }
}
