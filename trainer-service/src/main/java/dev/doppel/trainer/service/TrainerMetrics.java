package dev.doppel.trainer.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** Job counters and the number of jobs training right now, at {@code /q/metrics}. */
@Startup
@ApplicationScoped
public class TrainerMetrics {
    private final Counter started;
    private final Counter succeeded;
    private final Counter failed;
    private final AtomicInteger running = new AtomicInteger();

    public TrainerMetrics(MeterRegistry registry) {
        started = Counter.builder("doppel.trainer.jobs.started").description("Jobs that began training").register(registry);
        succeeded = Counter.builder("doppel.trainer.jobs.succeeded").description("Jobs that produced a model").register(registry);
        failed = Counter.builder("doppel.trainer.jobs.failed").description("Jobs that failed").register(registry);
        Gauge.builder("doppel.trainer.jobs.running", running, AtomicInteger::get)
                .description("Jobs training right now").register(registry);
    }

    public void started() {
        started.increment();
        running.incrementAndGet();
    }

    /** Ends a started job. */
    public void finished(boolean success) {
        running.decrementAndGet();
        (success ? succeeded : failed).increment();
    }

    /** A job that failed before it started training (e.g. its row could not be read). */
    public void failedBeforeStart() {
        failed.increment();
    }
}
