package dev.doppel.gateway.serving;

import dev.doppel.lm.Engines;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Loads the PyTorch engine at start-up, on a worker thread, so the first chat request does not pay for it. */
@ApplicationScoped
public class EngineWarmUp {
    private static final Logger LOG = Logger.getLogger(EngineWarmUp.class);

    void onStart(@Observes StartupEvent ignored) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                Engines.warmUp();
            } catch (RuntimeException e) {
                LOG.error("could not load the DJL engine; chat will fail until this is fixed", e);
            }
        });
    }
}
