package dev.doppel.gateway.serving;

import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.lm.LanguageModel;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loaded checkpoints, least recently used evicted first. Loading reads from the artifact store and
 * must run off the event loop. Bounded by count for now; a memory bound comes with the serving issue.
 */
@ApplicationScoped
public class ModelCache {
    private static final Logger LOG = Logger.getLogger(ModelCache.class);

    private final ArtifactStore artifacts;
    private final Map<String, LanguageModel> loaded;

    ModelCache(ArtifactStore artifacts, @ConfigProperty(name = "doppel.serving.max-models", defaultValue = "4") int maxModels) {
        this.artifacts = artifacts;
        this.loaded = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LanguageModel> eldest) {
                if (size() <= maxModels) {
                    return false;
                }
                LOG.infof("evicting model checkpoint %s from the serving cache", eldest.getKey());
                eldest.getValue().close();
                return true;
            }
        };
    }

    /** The model stored under {@code artifactKey}, loading it on first use. Blocking. */
    public synchronized LanguageModel get(String artifactKey) throws IOException {
        LanguageModel model = loaded.get(artifactKey);
        if (model == null) {
            long start = System.nanoTime();
            model = LanguageModel.load(artifacts.localPath(artifactKey));
            LOG.infof("loaded %s (%,d parameters) in %d ms", artifactKey, model.parameterCount(),
                    (System.nanoTime() - start) / 1_000_000);
            loaded.put(artifactKey, model);
        }
        return model;
    }

    synchronized void closeAll(@Observes ShutdownEvent ignored) {
        loaded.values().forEach(LanguageModel::close);
        loaded.clear();
    }
}
