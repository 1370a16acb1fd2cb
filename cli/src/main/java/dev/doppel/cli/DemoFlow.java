package dev.doppel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The main job as a tenant does it, through the gateway only: upload a dataset, follow the training
 * job it starts, read the evaluation, chat with the model. Used by {@code doppel demo} and the
 * end-to-end test; it fails with a message that says which step went wrong and why.
 */
public final class DemoFlow {
    private static final Duration POLL = Duration.ofMillis(500);

    private final GatewayClient client;
    private final Consumer<String> out;
    private final Duration timeout;

    public DemoFlow(GatewayClient client, Consumer<String> out, Duration timeout) {
        this.client = client;
        this.out = out;
        this.timeout = timeout;
    }

    /** What the demo produced. */
    public record Result(String fileId, String jobId, String model, JsonNode evaluation, String prompt, String reply) {
    }

    /** The demo's upload: a WhatsApp export in Android's format, whose owner is "Alex Doe". */
    public static final String SAMPLE_EXPORT = "ingest-service/samples/WhatsApp Chat with Sam Rivera.txt";

    /**
     * @param me who the tenant is in the export (names, addresses, phone numbers); empty for ready-made pairs
     */
    public Result run(Path dataset, List<String> me, String prompt) throws IOException, InterruptedException {
        JsonNode file = client.uploadFile(dataset, "fine-tune", me);
        String fileId = file.get("id").asText();
        out.accept("uploaded " + dataset.getFileName() + " as " + fileId + " (" + file.get("bytes").asLong() + " bytes)");

        JsonNode processed = awaitFileProcessed(fileId);
        JsonNode report = client.get("/v1/files/" + fileId + "/report");
        out.accept("ingest: file " + processed.get("status").asText() + " as " + report.get("formats").elements().next().asText()
                + ": " + report.get("pairs").asInt() + " prompt/reply pairs, " + report.get("examples").asInt()
                + " kept; anonymized " + report.get("anonymized") + "; splits " + report.get("splits"));
        report.get("warnings").forEach(w -> out.accept("  warning [" + w.get("code").asText() + "] " + w.get("message").asText()));
        out.accept("training job starting");

        String jobId = awaitJobFor(fileId);
        out.accept("training job " + jobId);
        JsonNode job = followJob(jobId);
        String model = job.get("fine_tuned_model").asText();
        out.accept("trained model " + model + " (" + job.get("trained_tokens").asLong() + " tokens)");

        JsonNode evaluation = awaitEvaluation(model);
        out.accept(String.format("evaluation on %d held-out %s examples: loss %.3f, perplexity %.2f",
                evaluation.get("examples").asInt(), evaluation.get("split").asText(),
                evaluation.get("loss").asDouble(), evaluation.get("perplexity").asDouble()));

        JsonNode completion = client.post("/v1/chat/completions", Map.of(
                "model", model,
                "messages", List.of(Map.of("role", "user", "content", prompt)),
                "max_tokens", 60,
                "temperature", 0.8,
                "seed", 42));
        String reply = completion.get("choices").get(0).get("message").get("content").asText();
        out.accept("you:   " + prompt);
        out.accept("model: " + reply);
        return new Result(fileId, jobId, model, evaluation, prompt, reply);
    }

    private JsonNode awaitFileProcessed(String fileId) throws IOException, InterruptedException {
        return poll("ingest to process " + fileId, () -> {
            JsonNode file = client.get("/v1/files/" + fileId);
            String status = file.get("status").asText();
            if ("error".equals(status)) {
                throw new IllegalStateException("ingest rejected " + fileId + ": " + file.get("status_details").asText());
            }
            return "processed".equals(status) ? file : null;
        });
    }

    private String awaitJobFor(String fileId) throws IOException, InterruptedException {
        return poll("a training job for " + fileId, () -> {
            for (JsonNode job : client.get("/v1/fine_tuning/jobs?limit=100").get("data")) {
                if (fileId.equals(job.path("training_file").asText())) {
                    return job.get("id").asText();
                }
            }
            return null;
        });
    }

    /** Prints one progress line per new metrics event until the job ends. */
    private JsonNode followJob(String jobId) throws IOException, InterruptedException {
        var lastStep = new int[] {-1};
        var firstSeen = new Object[2]; // the first step seen and when: the ETA comes from the rate since then
        JsonNode job = poll("job " + jobId + " to finish", () -> {
            JsonNode events = client.get("/v1/fine_tuning/jobs/" + jobId + "/events?limit=1").get("data");
            if (!events.isEmpty() && "metrics".equals(events.get(0).path("type").asText())) {
                JsonNode data = events.get(0).get("data");
                int step = data.get("step").asInt();
                if (step != lastStep[0]) {
                    lastStep[0] = step;
                    if (firstSeen[0] == null) {
                        firstSeen[0] = step;
                        firstSeen[1] = Instant.now();
                    }
                    out.accept(progressLine(data, step - (int) firstSeen[0],
                            Duration.between((Instant) firstSeen[1], Instant.now())));
                }
            }
            JsonNode current = client.get("/v1/fine_tuning/jobs/" + jobId);
            String status = current.get("status").asText();
            if ("failed".equals(status) || "cancelled".equals(status)) {
                throw new IllegalStateException("job " + jobId + " " + status + ": " + current.path("error"));
            }
            return "succeeded".equals(status) && current.hasNonNull("fine_tuned_model") ? current : null;
        });
        return job;
    }

    /** One line per metrics event; the ETA extrapolates the steps seen so far over {@code elapsed}. */
    static String progressLine(JsonNode data, int stepsObserved, Duration elapsed) {
        int step = data.get("step").asInt();
        int total = data.get("total_steps").asInt();
        String eta = stepsObserved <= 0 ? "eta …"
                : "eta " + Math.round(elapsed.toMillis() / (double) stepsObserved * (total - step) / 1000.0) + "s";
        String valid = data.hasNonNull("valid_loss") ? String.format(" | valid %.4f", data.get("valid_loss").asDouble()) : "";
        String tps = data.hasNonNull("tokens_per_second")
                ? String.format(" | %,.0f tok/s", data.get("tokens_per_second").asDouble()) : "";
        return String.format("  step %d/%d | loss %.4f%s%s | %s", step, total,
                data.path("train_loss").asDouble(Double.NaN), valid, tps, eta);
    }

    private JsonNode awaitEvaluation(String model) throws IOException, InterruptedException {
        return poll("the evaluation of " + model, () -> {
            try {
                return client.get("/v1/doppel/models/" + model + "/evaluation");
            } catch (GatewayClient.ApiError e) {
                if (e.status() == 404) {
                    return null;
                }
                throw e;
            }
        });
    }

    private interface Attempt<T> {
        T get() throws IOException, InterruptedException;
    }

    private <T> T poll(String what, Attempt<T> attempt) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T result = attempt.get();
            if (result != null) {
                return result;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
