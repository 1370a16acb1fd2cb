package dev.doppel.gateway.service;

import dev.doppel.gateway.persistence.JobEventRecord;
import dev.doppel.platform.Text;
import java.time.Instant;

/**
 * The job events the gateway writes itself, besides the trainer's progress: the last one of a job, when it
 * reaches a final status, as OpenAI's event list ends with "The job has successfully completed". Someone
 * following the events sees it arrive and then the stream closes.
 */
public final class JobEvents {

    public static JobEventRecord ended(String jobId, String tenantId, String eventId, Instant at, String status,
            String fineTunedModel, String error) {
        var record = new JobEventRecord();
        record.id = eventId;
        record.jobId = jobId;
        record.tenantId = tenantId;
        record.createdAt = at;
        record.type = "message";
        record.level = JobStatus.FAILED.equals(status) ? "error" : "info";
        record.message = Text.truncate(switch (status) {
            case JobStatus.SUCCEEDED -> fineTunedModel == null ? "The job has successfully completed"
                    : "The job has successfully completed: " + fineTunedModel;
            case JobStatus.FAILED -> error == null ? "The job failed" : "The job failed: " + error;
            case JobStatus.CANCELLED -> "The job was cancelled";
            default -> "The job ended with status " + status;
        }, 2000);
        return record;
    }

    private JobEvents() {
    }
}
