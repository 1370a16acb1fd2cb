package dev.doppel.trainer.service;

import dev.doppel.events.DatasetReady;
import dev.doppel.events.Ids;
import dev.doppel.platform.IdempotencyGuard;
import dev.doppel.trainer.config.TrainerConfig;
import dev.doppel.trainer.messaging.TrainerEvents;
import dev.doppel.trainer.persistence.TrainingJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Creates jobs from ready datasets and reads them back. */
@ApplicationScoped
public class TrainingJobService {
    static final String CONSUMER = "trainer-service.dataset-ready";
    private static final Logger LOG = Logger.getLogger(TrainingJobService.class);

    private final IdempotencyGuard guard;
    private final TrainerEvents events;
    private final TrainingSlots slots;
    private final JobRunner runner;
    private final TrainerConfig config;

    public TrainingJobService(IdempotencyGuard guard, TrainerEvents events, TrainingSlots slots, JobRunner runner,
                              TrainerConfig config) {
        this.guard = guard;
        this.events = events;
        this.slots = slots;
        this.runner = runner;
        this.config = config;
    }

    /**
     * Saves a queued job for the dataset (once per event, however often it is delivered), announces
     * it, and hands it to a training slot. Completes when the job is announced; training goes on
     * after that.
     *
     * @throws IllegalArgumentException for an event that lacks what a job needs (it goes to the DLQ)
     */
    public Uni<Void> accept(DatasetReady event) {
        return Uni.createFrom().item(() -> newJob(event))
                .chain(job -> Panache.withTransaction(() -> guard.once(CONSUMER, event, job::<TrainingJob>persist, null)))
                .chain(job -> {
                    if (job == null) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("Job %s created for dataset %s of tenant %s", job.id, job.datasetId, job.tenantId);
                    return events.progressed(JobEvents.message(job, JobEvents.INFO, "Created fine-tuning job"))
                            .invoke(() -> slots.submit(() -> runner.run(job.id)));
                });
    }

    public Uni<TrainingJob> find(String jobId) {
        return Panache.withSession(() -> TrainingJob.findById(jobId));
    }

    private TrainingJob newJob(DatasetReady event) {
        var job = new TrainingJob();
        job.id = Ids.newId("ftjob");
        job.tenantId = required(event.tenantId(), "tenantId");
        job.datasetId = required(event.datasetId(), "datasetId");
        job.fileId = event.fileId();
        job.trainKey = required(event.trainKey(), "trainKey");
        job.validationKey = event.validationKey();
        job.testKey = event.testKey();
        job.status = TrainingJob.QUEUED;
        job.model = config.baseModel();
        job.totalSteps = config.steps();
        job.createdAt = Instant.now();
        return job;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("DatasetReady event lacks " + field);
        }
        return value;
    }
}
