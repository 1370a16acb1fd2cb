package dev.doppel.evaluator.service;

import dev.doppel.lm.Engines;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Loads the PyTorch engine at start-up (0.4–1.8 s of native loading) on an evaluation worker, off the
 * event loop and ahead of the first checkpoint, so the first evaluation does not pay for it.
 */
@Startup
@ApplicationScoped
public class EngineWarmUp {
    private static final Logger LOG = Logger.getLogger(EngineWarmUp.class);

    private final EvaluationWorkers workers;

    public EngineWarmUp(EvaluationWorkers workers) {
        this.workers = workers;
    }

    @PostConstruct
    void warmUp() {
        workers.execute(() -> {
            long start = System.nanoTime();
            try {
                Engines.warmUp();
                LOG.infof("DJL engine ready in %d ms", (System.nanoTime() - start) / 1_000_000);
            } catch (Throwable t) {
                // Evaluations will record the same error; the service itself stays up.
                LOG.error("DJL engine failed to load; evaluations will fail", t);
            }
        });
    }
}
