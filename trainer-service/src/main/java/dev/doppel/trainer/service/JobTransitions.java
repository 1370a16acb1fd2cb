package dev.doppel.trainer.service;

import dev.doppel.events.ApiError;
import dev.doppel.lm.StepReport;
import dev.doppel.trainer.persistence.TrainingJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The state changes of a job, each its own transaction, for the training thread: Hibernate Reactive
 * needs a Vert.x context, so each call runs on one and the slot thread blocks until it commits.
 * Each returns the job as committed (detached), ready to be mapped to an event.
 */
@ApplicationScoped
public class JobTransitions {

    /** {@code queued → running}; null if the job no longer exists. */
    public TrainingJob start(String jobId) {
        return update(jobId, job -> {
            job.status = TrainingJob.RUNNING;
            job.startedAt = Instant.now();
        });
    }

    public TrainingJob progress(String jobId, StepReport report) {
        return update(jobId, job -> {
            job.step = report.step();
            job.totalSteps = report.totalSteps();
            job.trainLoss = SftRun.finiteOrNull(report.trainLoss());
            Double validLoss = SftRun.finiteOrNull(report.validLoss());
            if (validLoss != null) {
                job.validLoss = validLoss;
            }
            job.trainedTokens = report.tokensSeen();
        });
    }

    public TrainingJob checkpointSaved(String jobId, String checkpointId, String checkpointKey, SftRun.Outcome outcome) {
        return update(jobId, job -> {
            job.checkpointId = checkpointId;
            job.checkpointKey = checkpointKey;
            job.step = outcome.steps();
            job.trainLoss = outcome.trainLoss();
            job.validLoss = outcome.validLoss();
            job.trainedTokens = outcome.trainedTokens();
        });
    }

    public TrainingJob succeed(String jobId, String fineTunedModel) {
        return update(jobId, job -> {
            job.status = TrainingJob.SUCCEEDED;
            job.fineTunedModel = fineTunedModel;
            job.finishedAt = Instant.now();
        });
    }

    public TrainingJob fail(String jobId, ApiError error) {
        return update(jobId, job -> {
            job.status = TrainingJob.FAILED;
            job.errorCode = error.code();
            job.errorMessage = truncate(error.message(), 2000);
            job.errorParam = error.param();
            job.finishedAt = Instant.now();
        });
    }

    private TrainingJob update(String jobId, Consumer<TrainingJob> change) {
        return inTransaction(() -> TrainingJob.<TrainingJob>findById(jobId).map(job -> {
            if (job != null) {
                change.accept(job);
            }
            return job;
        }));
    }

    private static <T> T inTransaction(java.util.function.Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
