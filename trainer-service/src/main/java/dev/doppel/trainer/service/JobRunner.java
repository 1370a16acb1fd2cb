package dev.doppel.trainer.service;

import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.events.ApiError;
import dev.doppel.events.Ids;
import dev.doppel.trainer.config.TrainerConfig;
import dev.doppel.trainer.messaging.TrainerEvents;
import dev.doppel.trainer.persistence.TrainingJob;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs one job on a training slot, from {@code running} to {@code succeeded} or {@code failed}.
 * Every state change is committed before the event that announces it is sent. Whatever goes wrong
 * ends as a failed job with an error that says why; nothing escapes into the slot thread.
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final JobTransitions transitions;
    private final TrainerEvents events;
    private final TrainerMetrics metrics;
    private final TrainerConfig config;
    private final SftRun sftRun;

    public JobRunner(JobTransitions transitions, TrainerEvents events, TrainerMetrics metrics, TrainerConfig config,
                     ArtifactStore store) {
        this.transitions = transitions;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.sftRun = new SftRun(store);
    }

    public void run(String jobId) {
        TrainingJob job;
        try {
            job = transitions.start(jobId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job %s could not be started", jobId);
            metrics.failedBeforeStart();
            return;
        }
        if (job == null) {
            LOG.warnf("Job %s vanished before it started", jobId);
            return;
        }
        metrics.started();
        boolean success = false;
        try {
            train(job);
            success = true;
        } catch (Throwable t) {
            fail(jobId, t);
        } finally {
            metrics.finished(success);
        }
    }

    private void train(TrainingJob job) throws Exception {
        long started = System.nanoTime();
        send(events.progressed(JobEvents.message(job, JobEvents.INFO, "Fine-tuning job started")));

        String checkpointId = Ids.newId("ftckpt");
        String checkpointKey = ArtifactKeys.checkpoint(job.tenantId, job.id, checkpointId);
        var spec = new SftRun.Spec(job.trainKey, job.validationKey, config.steps(), config.progressEvery(),
                config.seed(), checkpointKey);
        SftRun.Outcome outcome = sftRun.run(spec, report -> {
            TrainingJob saved = transitions.progress(job.id, report);
            send(events.progressed(JobEvents.metrics(saved, report.tokensPerSecond())));
        });

        String fineTunedModel = FineTunedModels.name(job.model, job.tenantId, job.id);
        TrainingJob withCheckpoint = transitions.checkpointSaved(job.id, checkpointId, checkpointKey, outcome);
        send(events.checkpointSaved(JobEvents.checkpointSaved(withCheckpoint, fineTunedModel)));

        TrainingJob done = transitions.succeed(job.id, fineTunedModel);
        send(events.progressed(JobEvents.message(done, JobEvents.INFO, "The job has successfully completed")));
        send(events.finished(JobEvents.succeeded(done)));
        LOG.infof("Job %s succeeded in %.1f s: %d steps, %d tokens, train loss %s, valid loss %s -> %s", job.id,
                (System.nanoTime() - started) / 1e9, outcome.steps(), outcome.trainedTokens(), outcome.trainLoss(),
                outcome.validLoss(), fineTunedModel);
    }

    private void fail(String jobId, Throwable cause) {
        ApiError error = TrainingFailure.describe(cause);
        if (cause instanceof TrainingFailure) {
            LOG.warnf("Job %s failed: %s", jobId, error.message());
        } else {
            LOG.errorf(cause, "Job %s failed", jobId);
        }
        try {
            TrainingJob failed = transitions.fail(jobId, error);
            if (failed != null) {
                send(events.progressed(JobEvents.message(failed, JobEvents.ERROR, "The job failed: " + error.message())));
                send(events.finished(JobEvents.failed(failed)));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job %s: the failure could not be recorded", jobId);
        }
    }

    private static void send(Uni<Void> sent) {
        sent.await().atMost(SEND_TIMEOUT);
    }
}
