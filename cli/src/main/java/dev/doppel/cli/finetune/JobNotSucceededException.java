package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The job ended failed or cancelled; the message carries the job's {@code error}. */
public final class JobNotSucceededException extends IllegalStateException {
    private final transient JsonNode job;

    JobNotSucceededException(JsonNode job, List<String> statuses) {
        super(message(job, statuses));
        this.job = job;
    }

    public JsonNode job() {
        return job;
    }

    private static String message(JsonNode job, List<String> statuses) {
        JsonNode error = job.path("error");
        return "fine-tuning job " + job.path("id").asText() + " " + job.path("status").asText() + (error.isObject()
                ? ": " + error.path("code").asText("?") + ": " + error.path("message").asText("no message")
                : "") + " (statuses seen: " + String.join(" → ", statuses) + ")";
    }
}
