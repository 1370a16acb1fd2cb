package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The time left until a job's {@code estimated_finish} (Unix seconds): {@code 1m20s}, or {@code …} when unknown. */
final class Eta {
    static String format(JsonNode estimatedFinish, Instant now) {
        if (!estimatedFinish.isNumber()) {
            return "…";
        }
        long seconds = Math.max(0, estimatedFinish.asLong() - now.getEpochSecond());
        if (seconds >= 3600) {
            return seconds / 3600 + "h" + String.format("%02d", seconds % 3600 / 60) + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s" : seconds + "s";
    }

    private Eta() {
    }
}
