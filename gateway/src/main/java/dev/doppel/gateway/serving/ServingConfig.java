package dev.doppel.gateway.serving;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** {@code doppel.serving.*}: limits of the chat and completions endpoints and of the model cache. */
@ConfigMapping(prefix = "doppel.serving")
public interface ServingConfig {

    /** Models kept loaded at most, whatever their size. */
    @WithDefault("4")
    int maxModels();

    /** Estimated bytes of loaded models (weights plus the workers' KV caches) before the least recent is evicted. */
    @WithDefault("2G")
    MemorySize cacheMaxBytes();

    /** Generations that run at once; unset means one per core (decoding is CPU-bound). */
    OptionalInt workers();

    /** Requests waiting for a worker, over all tenants; beyond it, 429. */
    @WithDefault("256")
    int queueCapacity();

    /** Requests one tenant may have waiting; beyond it, 429, so one tenant cannot fill the queue. */
    @WithDefault("64")
    int queuePerTenant();

    /** The {@code Retry-After} seconds a 429 suggests. */
    @WithDefault("1")
    int retryAfterSeconds();

    /** Largest {@code max_tokens} a request may ask for. */
    @WithDefault("512")
    int maxTokensLimit();

    /** {@code max_tokens} of a chat request that gives none (clipped to what the context leaves). */
    @WithDefault("64")
    int defaultMaxTokens();

    /** Largest {@code n} (choices per request); OpenAI allows up to 128, each costs a full generation here. */
    @WithDefault("8")
    int maxN();

    default int workerCount() {
        return workers().orElse(Runtime.getRuntime().availableProcessors());
    }
}
