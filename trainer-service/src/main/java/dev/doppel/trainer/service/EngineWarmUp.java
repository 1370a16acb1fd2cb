package dev.doppel.trainer.service;

import dev.doppel.lm.Engines;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Loads the PyTorch engine at start-up (0.4–1.8 s of native loading) so the first job does not pay
 * for it. It runs on a training slot: off the event loop, and ahead of any job queued behind it.
 */
@Startup
@ApplicationScoped
public class EngineWarmUp {
    private static final Logger LOG = Logger.getLogger(EngineWarmUp.class);

    private final TrainingSlots slots;

    public EngineWarmUp(TrainingSlots slots) {
        this.slots = slots;
    }

    @PostConstruct
    void warmUp() {
        slots.submit(() -> {
            long start = System.nanoTime();
            try {
                Engines.warmUp();
                LOG.infof("DJL engine ready in %d ms", (System.nanoTime() - start) / 1_000_000);
            } catch (Throwable t) {
                // Jobs will fail with the same error and say so; the service itself stays up.
                LOG.error("DJL engine failed to load; training jobs will fail", t);
            }
        });
    }
}
