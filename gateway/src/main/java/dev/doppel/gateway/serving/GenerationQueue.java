package dev.doppel.gateway.serving;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The serving workers ({@code doppel.serving.workers}, default one per core) and their fair, bounded queue
 * ({@link FairScheduler}). Generation runs only here: never on the event loop, and never more at once than
 * there are workers, so a burst of requests waits its turn instead of slowing every stream down.
 */
@ApplicationScoped
public class GenerationQueue {
    private static final Logger LOG = Logger.getLogger(GenerationQueue.class);

    private final FairScheduler scheduler;

    GenerationQueue(ServingConfig config) {
        this.scheduler = new FairScheduler(config.workerCount(), config.queueCapacity(), config.queuePerTenant(),
                "doppel-serving");
        LOG.infof("serving with %d workers, queue of %d (%d per tenant)", config.workerCount(),
                config.queueCapacity(), config.queuePerTenant());
    }

    public FairScheduler.Ticket submit(String tenant, Runnable job) throws FairScheduler.QueueFull {
        return scheduler.submit(tenant, job);
    }

    public int queued() {
        return scheduler.queued();
    }

    void stop(@Observes ShutdownEvent ignored) {
        scheduler.close();
    }
}
