package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.List;

/**
 * A terminal's view: the {@link ProgressBar} redrawn in place (carriage return, clear to end of line), with status
 * changes, the hyperparameters and the trainer's warnings printed as lines above it.
 */
public final class ProgressBarView implements FollowView {
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter out;
    private final InstantSource clock;
    private final PlainFollowView lines;
    private JsonNode job = MissingNode.getInstance();
    private JsonNode metrics = MissingNode.getInstance();

    public ProgressBarView(PrintWriter out, InstantSource clock) {
        this.out = out;
        this.clock = clock;
        this.lines = new PlainFollowView(this::printAbove, clock);
    }

    @Override
    public void status(String jobId, List<String> statuses) {
        lines.status(jobId, statuses);
    }

    @Override
    public void hyperparameters(JsonNode hyperparameters) {
        lines.hyperparameters(hyperparameters);
    }

    @Override
    public void job(JsonNode job) {
        this.job = job;
        redraw();
    }

    @Override
    public void event(JsonNode event) {
        lines.event(event);
    }

    @Override
    public void progress(JsonNode metrics, JsonNode job) {
        this.metrics = metrics;
        this.job = job;
        redraw();
    }

    @Override
    public void finished(JsonNode job) {
        this.job = job;
        redraw();
        out.println();
        out.flush();
    }

    private void printAbove(String line) {
        out.print(CLEAR_LINE);
        out.println(line);
        redraw();
    }

    private void redraw() {
        if (job.isObject()) {
            out.print(CLEAR_LINE + ProgressBar.render(job, metrics, clock.instant()));
            out.flush();
        }
    }
}
