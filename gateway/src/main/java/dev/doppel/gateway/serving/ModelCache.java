package dev.doppel.gateway.serving;

import dev.doppel.artifacts.ArtifactStore;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Published checkpoints loaded from the artifact store, bounded by estimated memory
 * ({@code doppel.serving.cache-max-bytes}) and count ({@code doppel.serving.max-models}); see
 * {@link LeasedCache} for the eviction and in-use rules. Loading is blocking: call it off the event loop.
 */
@ApplicationScoped
public class ModelCache {
    private static final Logger LOG = Logger.getLogger(ModelCache.class);

    private final LeasedCache<ServedModel> cache;

    ModelCache(ArtifactStore artifacts, ServingConfig config) {
        int streams = config.workerCount();
        this.cache = new LeasedCache<>(new LeasedCache.Loader<>() {
            @Override
            public ServedModel load(String artifactKey) throws IOException {
                long start = System.nanoTime();
                ServedModel model = ServedModel.load(artifacts.localPath(artifactKey));
                LOG.infof("loaded %s (%,d parameters, ~%,d bytes) in %d ms", artifactKey, model.parameters(),
                        model.estimatedBytes(streams), (System.nanoTime() - start) / 1_000_000);
                return model;
            }

            @Override
            public long bytes(ServedModel model) {
                return model.estimatedBytes(streams);
            }

            @Override
            public void close(ServedModel model) {
                model.close();
            }
        }, config.cacheMaxBytes().asLongValue(), config.maxModels());
    }

    /** The model stored under {@code artifactKey}, loaded on first use; close the lease when the generation ends. */
    public LeasedCache<ServedModel>.Lease acquire(String artifactKey) throws IOException {
        return cache.acquire(artifactKey);
    }

    void closeAll(@Observes ShutdownEvent ignored) {
        cache.clear();
    }
}
