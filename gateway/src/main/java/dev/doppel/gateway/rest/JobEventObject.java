package dev.doppel.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.gateway.persistence.JobEventRecord;

/** OpenAI's {@code fine_tuning.job.event} object. */
public record JobEventObject(String id, String object, long created_at, String level, String message, String type,
        JsonNode data) {

    public static JobEventObject of(JobEventRecord e, JsonNode data) {
        return new JobEventObject(e.id, "fine_tuning.job.event", e.createdAt.getEpochSecond(), e.level, e.message,
                e.type, data);
    }
}
