package dev.doppel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.api.ChatApi;
import dev.doppel.cli.api.ChatRequest;
import dev.doppel.cli.api.FilesApi;
import dev.doppel.cli.api.FineTuningApi;
import dev.doppel.cli.api.ModelsApi;
import dev.doppel.cli.basemodel.BaseModels;
import dev.doppel.cli.finetune.JobFollower;
import dev.doppel.cli.finetune.PlainFollowView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The main job as a tenant does it, through the gateway only and through the same API classes and job follower as
 * the {@code files}, {@code ft} and {@code chat} commands: upload a dataset, create a fine-tuning job from a base
 * model once ingest has processed it, follow the job's statuses and metrics, read the evaluation, chat with the
 * model. Used by {@code doppel demo} and the end-to-end test; it fails with a message that says which step
 * went wrong and why.
 */
public final class DemoFlow {
    private static final Duration POLL = Duration.ofMillis(500);
    /** Until the job runs: queued can last less than {@link #POLL} when the trainer is idle. */
    private static final Duration POLL_STARTING_JOB = Duration.ofMillis(100);

    private final FilesApi files;
    private final FineTuningApi jobs;
    private final ModelsApi models;
    private final ChatApi chat;
    private final Consumer<String> out;
    private final Duration timeout;
    private final String baseModel;

    /** Fine-tunes from the default base model, {@value BaseModels#DEFAULT}. */
    public DemoFlow(GatewayClient client, Consumer<String> out, Duration timeout) {
        this(client, out, timeout, BaseModels.DEFAULT);
    }

    public DemoFlow(GatewayClient client, Consumer<String> out, Duration timeout, String baseModel) {
        this.files = new FilesApi(client);
        this.jobs = new FineTuningApi(client);
        this.models = new ModelsApi(client);
        this.chat = new ChatApi(client);
        this.out = out;
        this.timeout = timeout;
        this.baseModel = baseModel;
    }

    /**
     * What the demo produced.
     *
     * @param statuses the job's statuses in the order they were observed (a fast job may skip one between polls)
     */
    public record Result(String fileId, String jobId, String model, List<String> statuses, JsonNode evaluation,
                         String prompt, String reply) {
    }

    /** The demo's upload: a WhatsApp export in Android's format, whose owner is "Alex Doe". */
    public static final String SAMPLE_EXPORT = "ingest-service/samples/WhatsApp Chat with Sam Rivera.txt";

    /**
     * @param me who the tenant is in the export (names, addresses, phone numbers); empty for ready-made pairs
     */
    public Result run(Path dataset, List<String> me, String prompt) throws IOException, InterruptedException {
        JsonNode file = files.upload(dataset, "fine-tune", me);
        String fileId = file.get("id").asText();
        out.accept("uploaded " + dataset.getFileName() + " as " + fileId + " (" + file.get("bytes").asLong() + " bytes)");

        JsonNode processed = awaitFileProcessed(fileId);
        JsonNode report = files.report(fileId);
        out.accept("ingest: file " + processed.get("status").asText() + " as " + report.get("formats").elements().next().asText()
                + ": " + report.get("pairs").asInt() + " prompt/reply pairs, " + report.get("examples").asInt()
                + " kept; anonymized " + report.get("anonymized") + "; splits " + report.get("splits"));
        report.get("warnings").forEach(w -> out.accept("  warning [" + w.get("code").asText() + "] " + w.get("message").asText()));

        JsonNode created = createJob(fileId);
        String jobId = created.get("id").asText();
        var follower = new JobFollower(jobs, new PlainFollowView(out, InstantSource.system()),
                JobFollower.Pacing.of(POLL_STARTING_JOB, POLL));
        JsonNode job = follower.follow(jobId, created, Instant.now().plus(timeout));
        if (!job.hasNonNull("fine_tuned_model")) {
            throw new IllegalStateException("fine-tuning job " + jobId + " succeeded without a fine_tuned_model: " + job);
        }
        String model = job.get("fine_tuned_model").asText();
        out.accept(String.format("job %s succeeded: model %s (%,d tokens trained)", jobId, model,
                job.path("trained_tokens").asLong()));

        JsonNode evaluation = awaitFinalEvaluation(jobId, model);
        EvaluationTable.lines(evaluation).forEach(out);

        JsonNode completion = chat.complete(new ChatRequest(model, List.of(ChatRequest.message("user", prompt)), 0.8, 60, 42L));
        String reply = ChatApi.replyContent(completion);
        out.accept("you:   " + prompt);
        out.accept("model: " + reply);
        return new Result(fileId, jobId, model, follower.statuses(), evaluation, prompt, reply);
    }

    private JsonNode awaitFileProcessed(String fileId) throws IOException, InterruptedException {
        return poll("ingest to process " + fileId, () -> {
            JsonNode file = files.get(fileId);
            String status = file.get("status").asText();
            if ("error".equals(status)) {
                throw new IllegalStateException("ingest rejected " + fileId + ": " + file.get("status_details").asText());
            }
            return "processed".equals(status) ? file : null;
        });
    }

    private JsonNode createJob(String fileId) throws IOException, InterruptedException {
        try {
            return jobs.create(Map.of("model", baseModel, "training_file", fileId));
        } catch (GatewayClient.ApiError e) {
            throw new IllegalStateException("the gateway refused a fine-tuning job from base model " + baseModel + " on "
                    + fileId + " (is the base model installed? bin/doppel base-model list): " + e.describe(), e);
        }
    }

    /**
     * The evaluation of the checkpoint the model serves, once the job's last checkpoint has been scored too:
     * until then a later checkpoint could still replace the published one.
     */
    private JsonNode awaitFinalEvaluation(String jobId, String model) throws IOException, InterruptedException {
        int lastStep = 0;
        for (JsonNode checkpoint : jobs.checkpoints(jobId).path("data")) {
            lastStep = Math.max(lastStep, checkpoint.path("step_number").asInt());
        }
        int last = lastStep;
        poll("the evaluation of " + model + "'s last checkpoint (step " + last + ")", () -> {
            try {
                for (JsonNode evaluation : models.evaluations(model).path("data")) {
                    if (evaluation.path("step").asInt() >= last) {
                        return evaluation;
                    }
                }
                return null;
            } catch (GatewayClient.ApiError e) {
                if (e.status() == 404) {
                    return null;
                }
                throw e;
            }
        });
        return awaitEvaluation(model);
    }

    private JsonNode awaitEvaluation(String model) throws IOException, InterruptedException {
        return poll("the evaluation of " + model, () -> {
            try {
                return models.evaluation(model);
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
