package dev.doppel.gateway.serving;

import dev.doppel.lm.GenerationOptions;

/**
 * A request that passed every check and may be queued: the tenant's model, the prompt's tokens (chat template
 * applied), the options with max tokens resolved against the context, and when the request arrived (for the
 * time to first token).
 */
public record PreparedGeneration(String tenantId, String model, String artifactKey, int[] prompt,
        GenerationOptions options, Endpoint endpoint, boolean stream, long arrivedNanos) {
}
