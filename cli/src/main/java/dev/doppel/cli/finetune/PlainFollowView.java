package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One line per happening, for logs, pipes and the demo: each new status with the path so far, the resolved
 * hyperparameters once, a progress line per new step, and warnings and errors the trainer reported.
 */
public final class PlainFollowView implements FollowView {
    private final Consumer<String> out;
    private final InstantSource clock;

    public PlainFollowView(Consumer<String> out, InstantSource clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void status(String jobId, List<String> statuses) {
        out.accept("job " + jobId + " " + String.join(" → ", statuses));
    }

    @Override
    public void hyperparameters(JsonNode hyperparameters) {
        var resolved = new ArrayList<String>();
        hyperparameters.properties().forEach(h -> resolved.add(h.getKey() + " " + h.getValue().asText()));
        out.accept("  hyperparameters: " + String.join(", ", resolved));
    }

    @Override
    public void job(JsonNode job) {
    }

    @Override
    public void event(JsonNode event) {
        String level = event.path("level").asText("info");
        if (!"info".equals(level)) { // info messages narrate the statuses this view already prints
            out.accept("  [" + level + "] " + event.path("message").asText());
        }
    }

    @Override
    public void progress(JsonNode metrics, JsonNode job) {
        out.accept(progressLine(metrics, job.path("estimated_finish"), clock.instant()));
    }

    @Override
    public void finished(JsonNode job) {
    }

    /**
     * {@code   step 40/120 | loss 3.0215 | valid 3.0128 | accuracy 0.412 | valid accuracy 0.398 | eta 1m20s}; what the
     * event lacks is left out, and the ETA is the job's {@code estimated_finish} (unix seconds) less {@code now}.
     */
    public static String progressLine(JsonNode data, JsonNode estimatedFinish, Instant now) {
        var line = new StringBuilder(String.format(Locale.ROOT, "  step %d/%d | loss %.4f", data.path("step").asInt(),
                data.path("total_steps").asInt(), data.path("train_loss").asDouble(Double.NaN)));
        appendNumber(line, data, "valid_loss", " | valid %.4f");
        appendNumber(line, data, "train_mean_token_accuracy", " | accuracy %.3f");
        appendNumber(line, data, "valid_mean_token_accuracy", " | valid accuracy %.3f");
        appendNumber(line, data, "tokens_per_second", " | %,.0f tok/s");
        return line.append(" | eta ").append(Eta.format(estimatedFinish, now)).toString();
    }

    private static void appendNumber(StringBuilder line, JsonNode data, String field, String format) {
        if (data.path(field).isNumber()) {
            line.append(String.format(Locale.ROOT, format, data.get(field).asDouble()));
        }
    }
}
