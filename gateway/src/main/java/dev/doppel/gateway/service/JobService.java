package dev.doppel.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.events.Ids;
import dev.doppel.events.JobCancelRequested;
import dev.doppel.events.JobRequested;
import dev.doppel.gateway.messaging.Channels;
import dev.doppel.gateway.persistence.CheckpointRecord;
import dev.doppel.gateway.persistence.FileRecord;
import dev.doppel.gateway.persistence.JobEventRecord;
import dev.doppel.gateway.persistence.JobRecord;
import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.gateway.rest.ApiException;
import dev.doppel.platform.EventMessages;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Creates and cancels fine-tuning jobs and reads them back. A job is saved first, then announced to the
 * trainer ({@code gateway.job-requested.v1}, {@code gateway.job-cancel-requested.v1}), keyed by job id.
 */
@ApplicationScoped
public class JobService {
    /** The trainer deletes all but the last three epoch checkpoints, as OpenAI keeps them. */
    public static final int KEPT_CHECKPOINTS = 3;

    private final BaseModels baseModels;
    private final MutinyEmitter<JobRequested> requested;
    private final MutinyEmitter<JobCancelRequested> cancelRequested;
    private final ObjectMapper json;

    JobService(BaseModels baseModels, @Channel(Channels.JOB_REQUESTED) MutinyEmitter<JobRequested> requested,
            @Channel(Channels.JOB_CANCEL_REQUESTED) MutinyEmitter<JobCancelRequested> cancelRequested,
            ObjectMapper json) {
        this.baseModels = baseModels;
        this.requested = requested;
        this.cancelRequested = cancelRequested;
        this.json = json;
    }

    /** Checks the model and files against what the tenant may use, saves the job, then announces it. */
    public Uni<JobRecord> create(String tenantId, NewJob request) {
        return requireStartingModel(tenantId, request.model())
                .chain(() -> Panache.withTransaction(() -> requireUsableFile(tenantId, request.trainingFile(), "training_file")
                        .chain(() -> request.validationFile() == null ? Uni.createFrom().voidItem()
                                : requireUsableFile(tenantId, request.validationFile(), "validation_file"))
                        .chain(() -> newJob(tenantId, request).<JobRecord>persist())))
                .call(job -> requested.sendMessage(EventMessages.keyed(new JobRequested(Ids.eventId(), tenantId,
                        job.createdAt, job.id, job.baseModel, job.trainingFile, job.validationFile, job.method,
                        request.hyperparameters(), job.suffix, job.seed))));
    }

    /**
     * Marks the job cancelled at once, as OpenAI answers a cancel, and asks the trainer to stop it. The
     * trainer's {@code JobFinished} still has the last word: a job that finished before the trainer saw
     * the request ends up {@code succeeded} (or {@code failed}) after all.
     */
    public Uni<JobRecord> cancel(String tenantId, String jobId) {
        return Panache.withTransaction(() -> JobRecord.lockForTenant(tenantId, jobId)
                .onItem().ifNull().failWith(() -> notFound(jobId))
                .invoke(job -> {
                    if (JobStatus.isFinal(job.status)) {
                        throw new ApiException(400, "invalid_request_error", "job_already_completed", null,
                                "Job " + job.id + " has already completed (status '" + job.status
                                        + "') and cannot be cancelled.");
                    }
                    job.status = JobStatus.CANCELLED;
                }))
                .call(job -> cancelRequested.sendMessage(EventMessages.keyed(
                        new JobCancelRequested(Ids.eventId(), tenantId, Instant.now(), job.id))));
    }

    public Uni<JobRecord> get(String tenantId, String jobId) {
        return Panache.withSession(() -> requireJob(tenantId, jobId));
    }

    public Uni<List<JobRecord>> list(String tenantId) {
        return Panache.withSession(() -> JobRecord.listForTenant(tenantId));
    }

    /** The job's events, newest first. */
    public Uni<List<JobEventRecord>> events(String tenantId, String jobId) {
        return Panache.withSession(() -> requireJob(tenantId, jobId)
                .chain(job -> JobEventRecord.listForJob(tenantId, job.id)));
    }

    /** The job's checkpoints that still exist, newest first. */
    public Uni<List<CheckpointRecord>> checkpoints(String tenantId, String jobId) {
        return Panache.withSession(() -> requireJob(tenantId, jobId)
                .chain(job -> CheckpointRecord.newestForJob(tenantId, job.id, KEPT_CHECKPOINTS)));
    }

    private static Uni<JobRecord> requireJob(String tenantId, String jobId) {
        return JobRecord.findForTenant(tenantId, jobId).onItem().ifNull().failWith(() -> notFound(jobId));
    }

    private static ApiException notFound(String jobId) {
        return ApiException.notFound("fine-tuning job", jobId);
    }

    /** A base model, or one of the tenant's own fine-tuned models; another tenant's reads as unknown. */
    private Uni<Void> requireStartingModel(String tenantId, String model) {
        return baseModels.find(model).chain(base -> base.isPresent() ? Uni.createFrom().voidItem()
                : Panache.withSession(() -> ModelRecord.findReadyForTenant(tenantId, model))
                        .onItem().ifNull().failWith(() -> new ApiException(400, "invalid_request_error",
                                "model_not_available", "model", "Model '" + model + "' is not available for fine-tuning"
                                        + " or does not exist. GET /v1/models lists the models you can start from."))
                        .replaceWithVoid());
    }

    /**
     * The tenant's {@code fine-tune} file that ingest has not rejected. Another tenant's file answers
     * exactly like a missing one, so ids reveal nothing; a file still being ingested is fine (the job
     * waits in {@code validating_files}).
     */
    private static Uni<Void> requireUsableFile(String tenantId, String fileId, String param) {
        return FileRecord.findForTenant(tenantId, fileId).invoke(file -> {
            if (file == null) {
                throw invalidFile(param, "invalid " + param + ": no such file '" + fileId + "'.");
            }
            if (!FileService.FINE_TUNE.equals(file.purpose)) {
                throw invalidFile(param, "invalid " + param + ": file '" + fileId + "' has purpose '" + file.purpose
                        + "'; upload training data with purpose 'fine-tune'.");
            }
            if (FileRecord.ERROR.equals(file.status)) {
                throw invalidFile(param, "invalid " + param + ": file '" + fileId + "' could not be processed: "
                        + file.statusDetails);
            }
        }).replaceWithVoid();
    }

    private static ApiException invalidFile(String param, String message) {
        return new ApiException(400, "invalid_request_error", "invalid_file", param, message);
    }

    private JobRecord newJob(String tenantId, NewJob request) {
        var job = new JobRecord();
        job.id = Ids.newId("ftjob");
        job.tenantId = tenantId;
        job.createdAt = Instant.now();
        job.status = JobStatus.VALIDATING_FILES;
        job.baseModel = request.model();
        job.trainingFile = request.trainingFile();
        job.validationFile = request.validationFile();
        job.method = request.method();
        job.suffix = request.suffix();
        job.seed = request.seed();
        job.nEpochs = request.hyperparameters().nEpochs();
        job.batchSize = request.hyperparameters().batchSize();
        job.learningRateMultiplier = request.hyperparameters().learningRateMultiplier();
        job.metadataJson = request.metadata().isEmpty() ? null : toJson(request.metadata());
        return job;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
