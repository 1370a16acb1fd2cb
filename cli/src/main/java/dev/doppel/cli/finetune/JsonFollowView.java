package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Consumer;

/** {@code --json}: each new event object as one line of JSON, then the finished job object. */
public final class JsonFollowView implements FollowView {
    private final Consumer<String> out;

    public JsonFollowView(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void status(String jobId, List<String> statuses) {
    }

    @Override
    public void hyperparameters(JsonNode hyperparameters) {
    }

    @Override
    public void job(JsonNode job) {
    }

    @Override
    public void event(JsonNode event) {
        out.accept(event.toString());
    }

    @Override
    public void progress(JsonNode metrics, JsonNode job) {
    }

    @Override
    public void finished(JsonNode job) {
        out.accept(job.toString());
    }
}
