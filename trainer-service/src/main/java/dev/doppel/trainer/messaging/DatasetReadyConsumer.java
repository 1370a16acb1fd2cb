package dev.doppel.trainer.messaging;

import dev.doppel.events.DatasetReady;
import dev.doppel.trainer.service.TrainingJobService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Turns each ready dataset into a queued job. Only the (quick, reactive) job creation happens on the
 * consumer; training is handed to the slot executor, so the consumer never blocks. The record is
 * acknowledged once the job row is committed and announced; a failure nacks it into the DLQ.
 */
@ApplicationScoped
public class DatasetReadyConsumer {
    public static final String CHANNEL = "dataset-ready";

    private final TrainingJobService jobs;

    public DatasetReadyConsumer(TrainingJobService jobs) {
        this.jobs = jobs;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onDatasetReady(DatasetReady event) {
        return jobs.accept(event);
    }
}
