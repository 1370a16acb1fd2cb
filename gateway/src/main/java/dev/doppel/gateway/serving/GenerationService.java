package dev.doppel.gateway.serving;

import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.gateway.rest.ApiException;
import dev.doppel.lm.ChatTemplate;
import dev.doppel.lm.GenerationOptions;
import dev.doppel.platform.Offload;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;

/**
 * Serves the tenant's own models in two steps. {@link #prepare} finds the model, tokenizes the prompt and checks
 * every limit, so all client errors (404, 400) are known before a response starts; {@link #run} queues the
 * generation on the serving workers and reports it as {@link GenerationEvent}s.
 */
@ApplicationScoped
public class GenerationService {
    /** Top-k of Doppel's sampling: OpenAI has no such parameter, and the small models ramble without it. */
    static final int TOP_K = 40;
    private static final SecureRandom SEEDS = new SecureRandom();

    private final ModelCache models;
    private final GenerationQueue queue;
    private final ServingMetrics metrics;
    private final ServingConfig config;

    GenerationService(ModelCache models, GenerationQueue queue, ServingMetrics metrics, ServingConfig config) {
        this.models = models;
        this.queue = queue;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * @param promptText the prompt as the model was trained to read it (chat messages already rendered)
     * @param defaultMaxTokens used when the request gives none, clipped to the context the prompt leaves
     */
    public Uni<PreparedGeneration> prepare(String tenantId, String model, String promptText, Sampling sampling,
            int defaultMaxTokens, Endpoint endpoint, boolean stream) {
        long arrived = System.nanoTime();
        checkServerLimits(sampling);
        return Panache.withSession(() -> ModelRecord.findReadyForTenant(tenantId, model))
                .onItem().ifNull().failWith(() -> new ApiException(404, "invalid_request_error", "model_not_found",
                        "model", "The model '" + model + "' does not exist or you do not have access to it."))
                .chain(record -> Offload.blocking(() -> {
                    // The lease only measures the prompt; the worker takes its own, so none outlives this call.
                    try (var lease = models.acquire(record.artifactKey)) {
                        ServedModel served = lease.value();
                        int[] prompt = new ChatTemplate(served.tokenizer()).prompt(promptText);
                        int maxTokens = ContextLimit.maxTokens(prompt.length, served.contextLength(), sampling,
                                defaultMaxTokens, endpoint);
                        return new PreparedGeneration(tenantId, record.id, record.artifactKey, prompt,
                                options(sampling, maxTokens), endpoint, stream, arrived);
                    }
                }));
    }

    /** Queues the generation; the events stream as it runs. Cancelling the subscription stops it. */
    public Multi<GenerationEvent> run(PreparedGeneration request) {
        return Multi.createFrom().emitter(emitter -> {
            var job = new GenerationJob(request, models, metrics, emitter);
            try {
                FairScheduler.Ticket ticket = queue.submit(request.tenantId(), job);
                emitter.onTermination(() -> {
                    job.cancel();
                    ticket.cancel();
                });
            } catch (FairScheduler.QueueFull e) {
                emitter.fail(new ServerBusyException(e.getMessage(), config.retryAfterSeconds()));
            }
        });
    }

    private void checkServerLimits(Sampling sampling) {
        if (sampling.maxTokens() != null && sampling.maxTokens() > config.maxTokensLimit()) {
            throw ApiException.invalid(sampling.maxTokensParam(), sampling.maxTokensParam() + " must be at most "
                    + config.maxTokensLimit() + " on this server, got " + sampling.maxTokens() + ".");
        }
        if (sampling.n() > config.maxN()) {
            throw ApiException.invalid("n", "n must be at most " + config.maxN() + " on this server, got "
                    + sampling.n() + ".");
        }
    }

    private static GenerationOptions options(Sampling sampling, int maxTokens) {
        long seed = sampling.seed() == null ? SEEDS.nextLong() : sampling.seed();
        return GenerationOptions.sampling(maxTokens, sampling.temperature(), TOP_K, seed)
                .withTopP(sampling.topP())
                .withN(sampling.n())
                .withStop(sampling.stop())
                .withPenalties(1.0, sampling.presencePenalty(), sampling.frequencyPenalty());
    }

    /** Chat's default {@code max_tokens}; completions use OpenAI's 16. */
    public int defaultChatMaxTokens() {
        return config.defaultMaxTokens();
    }
}
