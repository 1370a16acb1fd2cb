package dev.doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.doppel.cli.finetune.PlainFollowView;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void createsTheJobFromTheBaseModelAndPrintsEachStatusOnceAndTheMetrics() throws Exception {
        var gateway = new FakeGateway(List.of(
                job("queued", null, null),
                job("queued", null, null),
                job("running", metrics(10, 20, 2.5, null), null),
                job("running", metrics(20, 20, 2.1, 2.3), null),
                job("succeeded", metrics(20, 20, 2.1, 2.3), null)));
        var lines = new ArrayList<String>();

        DemoFlow.Result result = new DemoFlow(gateway.client(), lines::add, Duration.ofSeconds(30), "doppel-test")
                .run(upload(), List.of("Alex Doe"), "are you coming tonight?");

        assertEquals("doppel-test", gateway.jobRequest.path("model").asText());
        assertEquals("file-1", gateway.jobRequest.path("training_file").asText());
        assertEquals(List.of("validating_files", "queued", "running", "succeeded"), result.statuses());
        assertEquals("ft:doppel-test:tenant-a::1", result.model());
        assertEquals(List.of(
                "job ftjob-1 validating_files",
                "job ftjob-1 validating_files → queued",
                "job ftjob-1 validating_files → queued → running",
                "  step 10/20 | loss 2.5000 | accuracy 0.400 | eta …",
                "  step 20/20 | loss 2.1000 | valid 2.3000 | accuracy 0.400 | valid accuracy 0.380 | eta …",
                "job ftjob-1 validating_files → queued → running → succeeded",
                "job ftjob-1 succeeded: model ft:doppel-test:tenant-a::1 (40,960 tokens trained)"),
                lines.stream().filter(l -> l.contains("ftjob-1") || l.startsWith("  step")).toList());
        assertEquals("model: hello", lines.getLast());
        assertEquals(2, gateway.evaluationPolls.get(), "it waited until the last checkpoint (step 20) was scored");
        int table = lines.indexOf(lines.stream().filter(l -> l.startsWith("evaluation of checkpoint")).findFirst().orElseThrow());
        assertEquals(List.of(
                "evaluation of checkpoint ftckpt-10 (step 10, chosen by validation loss 2.310) on 5 held-out test examples:",
                "                          model kneser-ney-5gram",
                "  loss (nats/token)       2.600        2.900",
                "  perplexity              13.46        18.17",
                "  token accuracy          0.410        0.380",
                "  sequence accuracy       0.000        0.000",
                "  BLEU                     3.20         1.10",
                "  chrF                    18.25          n/a",
                "  (BLEU and chrF: 5 greedy replies against the person's real ones)"), lines.subList(table, table + 9));
    }

    @Test
    void aFailedJobFailsTheDemoWithTheJobsError() throws Exception {
        var error = JSON.createObjectNode().put("code", "invalid_training_file")
                .put("message", "the training file has 3 examples; at least 10 are needed");
        var gateway = new FakeGateway(List.of(job("failed", null, error)));
        var lines = new ArrayList<String>();

        var failure = assertThrows(IllegalStateException.class,
                () -> new DemoFlow(gateway.client(), lines::add, Duration.ofSeconds(30)).run(upload(), List.of(), "hi"));

        assertEquals("doppel-mail", gateway.jobRequest.path("model").asText());
        assertEquals("fine-tuning job ftjob-1 failed: invalid_training_file: the training file has 3 examples; at least 10"
                + " are needed (statuses seen: validating_files → failed)", failure.getMessage());
        assertEquals("job ftjob-1 validating_files → failed", lines.getLast());
    }

    @Test
    void progressLineShowsLossesAccuraciesThroughputAndTheJobsEstimate() throws Exception {
        var data = JSON.readTree("""
                {"step": 40, "total_steps": 120, "train_loss": 3.02154, "valid_loss": 3.0128,
                 "train_mean_token_accuracy": 0.41234, "valid_mean_token_accuracy": 0.398, "tokens_per_second": 27127.4}""");
        Instant now = Instant.ofEpochSecond(1_000_000);
        assertEquals("  step 40/120 | loss 3.0215 | valid 3.0128 | accuracy 0.412 | valid accuracy 0.398 | 27,127 tok/s | eta 1m20s",
                PlainFollowView.progressLine(data, JSON.getNodeFactory().numberNode(1_000_080L), now));
        assertEquals("  step 40/120 | loss 3.0215 | valid 3.0128 | accuracy 0.412 | valid accuracy 0.398 | 27,127 tok/s | eta 0s",
                PlainFollowView.progressLine(data, JSON.getNodeFactory().numberNode(999_000L), now));
    }

    @Test
    void progressLineLeavesOutWhatTheEventAndJobDoNotCarry() throws Exception {
        var data = JSON.readTree("""
                {"step": 5, "total_steps": 10, "train_loss": 1.5, "valid_loss": null}""");
        assertEquals("  step 5/10 | loss 1.5000 | eta …",
                PlainFollowView.progressLine(data, JSON.getNodeFactory().nullNode(), Instant.now()));
        assertEquals("  step 5/10 | loss 1.5000 | eta 42s",
                PlainFollowView.progressLine(data, JSON.getNodeFactory().numberNode(1042L), Instant.ofEpochSecond(1000)));
    }

    private Path upload() throws IOException {
        return Files.writeString(dir.resolve("chat.txt"), "12/03/2024, 09:15 - Sam Rivera: are you coming?\n");
    }

    private static JsonNode job(String status, JsonNode metrics, JsonNode error) {
        var job = JSON.createObjectNode().put("id", "ftjob-1").put("status", status).put("trained_tokens", 40_960);
        job.putObject("hyperparameters").put("n_epochs", 3).put("batch_size", 8).put("learning_rate_multiplier", 1.0);
        job.set("estimated_finish", null);
        job.set("error", error);
        if ("succeeded".equals(status)) {
            job.put("fine_tuned_model", "ft:doppel-test:tenant-a::1");
        }
        job.set("doppel_metrics", metrics); // where the fake keeps this poll's newest metrics event
        return job;
    }

    private static JsonNode metrics(int step, int total, double trainLoss, Double validLoss) {
        var data = JSON.createObjectNode().put("step", step).put("total_steps", total).put("train_loss", trainLoss)
                .put("train_mean_token_accuracy", 0.4);
        if (validLoss != null) {
            data.put("valid_loss", validLoss).put("valid_mean_token_accuracy", 0.38);
        }
        return data;
    }

    /**
     * The gateway and Keycloak's token endpoint, with a job that walks through {@code script}: each poll of the job
     * shows the next state (the last one stays), and its events list holds that state's newest metrics.
     */
    private final class FakeGateway {
        final List<JsonNode> script;
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger evaluationPolls = new AtomicInteger();
        volatile JsonNode jobRequest;

        FakeGateway(List<JsonNode> script) throws IOException {
            this.script = script;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        GatewayClient client() throws Exception {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            return new GatewayClient(uri, uri).login("alice", "alice-password");
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String answer = switch (method + " " + path) {
                case "POST /realms/doppel/protocol/openid-connect/token" -> "{\"access_token\": \"token\"}";
                case "POST /v1/files" -> "{\"id\": \"file-1\", \"bytes\": 50}";
                case "GET /v1/files/file-1" -> "{\"id\": \"file-1\", \"status\": \"processed\"}";
                case "GET /v1/files/file-1/report" -> """
                        {"formats": ["whatsapp"], "pairs": 1, "examples": 1, "anonymized": {}, "splits": {}, "warnings": []}""";
                case "POST /v1/fine_tuning/jobs" -> {
                    jobRequest = JSON.readTree(body);
                    yield "{\"id\": \"ftjob-1\", \"status\": \"validating_files\"}";
                }
                case "GET /v1/fine_tuning/jobs/ftjob-1" -> {
                    JsonNode job = current(polls.getAndIncrement()).deepCopy();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) job).remove("doppel_metrics");
                    yield job.toString();
                }
                case "GET /v1/fine_tuning/jobs/ftjob-1/events" -> {
                    JsonNode metrics = current(polls.get() - 1).path("doppel_metrics");
                    var events = JSON.createObjectNode();
                    var data = events.putArray("data");
                    data.addObject().put("type", "message").put("message", "newest, not metrics");
                    if (metrics.isObject()) {
                        data.addObject().put("type", "metrics").set("data", metrics);
                    }
                    yield events.toString();
                }
                case "GET /v1/fine_tuning/jobs/ftjob-1/checkpoints" -> """
                        {"object": "list", "data": [{"step_number": 20}, {"step_number": 10}], "has_more": false}""";
                case "GET /v1/doppel/models/ft:doppel-test:tenant-a::1/evaluations" -> evaluationPolls.getAndIncrement() == 0
                        ? "{\"data\": [{\"step\": 10}]}" // the last checkpoint is not scored yet: the demo waits
                        : "{\"data\": [{\"step\": 10}, {\"step\": 20}]}";
                case "GET /v1/doppel/models/ft:doppel-test:tenant-a::1/evaluation" -> """
                        {"checkpoint": "ftckpt-10", "step": 10, "valid_loss": 2.31, "examples": 5, "split": "test",
                         "loss": 2.6, "perplexity": 13.5, "metrics": {
                           "model": {"system": "model", "loss": 2.6, "perplexity": 13.46, "token_accuracy": 0.41,
                                     "sequence_accuracy": 0.0, "generated": 5, "bleu": 3.2, "chrf": 18.25},
                           "baseline": {"system": "kneser-ney-5gram", "loss": 2.9, "perplexity": 18.17,
                                        "token_accuracy": 0.38, "sequence_accuracy": 0.0, "generated": 5, "bleu": 1.1,
                                        "chrf": null}}}""";
                case "POST /v1/chat/completions" -> "{\"choices\": [{\"message\": {\"content\": \"hello\"}}]}";
                default -> null;
            };
            byte[] bytes = (answer == null ? "{\"error\": {\"message\": \"no route\"}}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        private JsonNode current(int poll) {
            return script.get(Math.min(Math.max(poll, 0), script.size() - 1));
        }
    }
}
