package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;

/**
 * The one-line bar a terminal shows while following a job:
 * {@code running    [██████░░░░░░░░░░░░░░]  40/120  33% | loss 3.0215 | valid 3.0128 | eta 1m20s}.
 * A pure function of the job, its newest metrics and the time, so it renders the same in a test.
 */
public final class ProgressBar {
    static final int BAR_CELLS = 20;

    /** @param metrics the newest metrics event's {@code data}, or a missing node before the first step */
    public static String render(JsonNode job, JsonNode metrics, Instant now) {
        int step = metrics.path("step").asInt(0);
        int total = metrics.path("total_steps").asInt(0);
        double fraction = total > 0 ? Math.min(1.0, (double) step / total) : 0.0;
        if ("succeeded".equals(job.path("status").asText())) {
            fraction = 1.0;
        }
        int filled = (int) Math.floor(fraction * BAR_CELLS);
        var line = new StringBuilder(String.format(Locale.ROOT, "%-16s [%s%s]", job.path("status").asText("?"),
                "█".repeat(filled), "░".repeat(BAR_CELLS - filled)));
        if (total > 0) {
            String width = "%" + String.valueOf(total).length() + "d";
            line.append(String.format(Locale.ROOT, " " + width + "/%d %3d%%", step, total, Math.round(fraction * 100)));
        } else {
            line.append(" waiting for the first step");
        }
        if (metrics.path("train_loss").isNumber()) {
            line.append(String.format(Locale.ROOT, " | loss %.4f", metrics.get("train_loss").asDouble()));
        }
        if (metrics.path("valid_loss").isNumber()) {
            line.append(String.format(Locale.ROOT, " | valid %.4f", metrics.get("valid_loss").asDouble()));
        }
        return line.append(" | eta ").append(Eta.format(job.path("estimated_finish"), now)).toString();
    }

    private ProgressBar() {
    }
}
