package dev.doppel.trainer.service;

import dev.doppel.events.ApiError;
import dev.doppel.lm.StepReport;
import dev.doppel.platform.Text;
import dev.doppel.platform.WorkerTransactions;
import dev.doppel.trainer.persistence.TrainingJob;
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
            job.errorMessage = Text.truncate(error.message(), 2000);
            job.errorParam = error.param();
            job.finishedAt = Instant.now();
        });
    }

    private TrainingJob update(String jobId, Consumer<TrainingJob> change) {
        return WorkerTransactions.inTransaction(() -> TrainingJob.<TrainingJob>findById(jobId).map(job -> {
            if (job != null) {
                change.accept(job);
            }
            return job;
        }));
    }
}
