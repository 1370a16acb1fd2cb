package dev.doppel.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** What ingest has let through and turned away, for {@code /q/metrics}. */
@ApplicationScoped
public class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter examplesAccepted;
    private final Counter datasetsReady;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.examplesAccepted = Counter.builder("doppel.ingest.examples.accepted")
                .description("Examples written to dataset splits (after duplicate removal)")
                .register(registry);
        this.datasetsReady = Counter.builder("doppel.ingest.datasets.ready")
                .description("Uploaded files turned into datasets")
                .register(registry);
    }

    void recorded(DatasetOutcome outcome) {
        switch (outcome) {
            case DatasetOutcome.Ready ready -> {
                datasetsReady.increment();
                examplesAccepted.increment(ready.totalExamples());
            }
            case DatasetOutcome.Rejected rejected -> Counter.builder("doppel.ingest.files.rejected")
                    .description("Uploaded files that could not become a dataset, by error code")
                    .tag("code", rejected.error().code())
                    .register(registry)
                    .increment();
        }
    }
}
