package dev.doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.cli.TestGateway.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as bin/doppel runs them (picocli, the error handler) against an in-test gateway. */
class CommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final TestGateway gateway = new TestGateway();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    CommandsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void anApiErrorPrintsOpenAisMessageParamAndCodeAndExitsNonZeroWithoutAStackTrace() throws Exception {
        gateway.on("POST /v1/fine_tuning/jobs", request -> Response.error(400,
                "Invalid file: file-x is not one of your fine-tune files", "training_file", "invalid_file"));

        int exit = run("ft", "create", "--training-file", "file-x", "--n-epochs", "3", "--batch-size", "auto",
                "--learning-rate-multiplier", "0.5", "--suffix", "mine", "--seed", "7");

        assertEquals(1, exit);
        assertEquals("doppel ft create: error: Invalid file: file-x is not one of your fine-tune files"
                + " (param: training_file, code: invalid_file)" + System.lineSeparator(), err.toString());
        var sent = gateway.requests.getFirst();
        assertEquals("Bearer sk-doppel-test", sent.authorization());
        assertEquals(JSON.readTree("""
                {"model": "doppel-mail", "training_file": "file-x", "suffix": "mine", "seed": 7,
                 "hyperparameters": {"n_epochs": 3, "batch_size": "auto", "learning_rate_multiplier": 0.5}}"""),
                JSON.readTree(sent.body()));
    }

    @Test
    void aGatewayThatIsNotRunningIsSaidPlainly() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("files", "list", "--base-url", "http://127.0.0.1:" + closedPort, "--api-key", "sk-doppel-test");

        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("doppel files list: cannot reach http://127.0.0.1:" + closedPort
                + " (ConnectException); is the stack running?"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void withoutAKeyOrALoginItSaysHowToLogIn() {
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("files", "list", "--base-url", gateway.uri().toString(), "--data-dir", dataDir.toString());

        assertEquals(1, exit);
        assertEquals("doppel files list: not logged in: run bin/doppel login (or pass --api-key / set DOPPEL_API_KEY)"
                + System.lineSeparator(), err.toString());
        assertTrue(gateway.requests.isEmpty(), "nothing is sent without credentials");
    }

    @Test
    void followExitsNonZeroWithTheJobsErrorWhenItFailed() throws Exception {
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1", request -> Response.json("""
                {"id": "ftjob-1", "status": "failed", "error": {"code": "invalid_training_file",
                 "message": "the training file has 3 examples; at least 10 are needed", "param": "training_file"}}"""));
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1/events", request -> Response.json("{\"object\": \"list\", \"data\": [], \"has_more\": false}"));

        int exit = run("ft", "follow", "ftjob-1");

        assertEquals(1, exit);
        assertEquals("job ftjob-1 failed" + System.lineSeparator(), out.toString());
        assertEquals("doppel ft follow: fine-tuning job ftjob-1 failed: invalid_training_file: the training file has 3"
                + " examples; at least 10 are needed (statuses seen: failed)" + System.lineSeparator(), err.toString());
    }

    @Test
    void resultsDownloadsTheJobsResultFileAndSummarizesIt() throws Exception {
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1", request -> Response.json("""
                {"id": "ftjob-1", "status": "succeeded", "result_files": ["file-r"]}"""));
        gateway.on("GET /v1/files/file-r/content", request -> new Response(200, "text/csv",
                "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,3.0,0.1,3.2,0.1\n2,2.0,0.2,,\n"));

        int exit = run("ft", "results", "ftjob-1");

        assertEquals(0, exit, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals("results of ftjob-1 (succeeded, file-r):", lines.get(0));
        assertEquals("2 steps logged (last step 2)", lines.get(1));
        assertEquals("  train loss      3.0000    2.0000    2.0000  (2)", lines.get(3));
        assertEquals("  valid loss      3.2000    3.2000    3.2000  (1)", lines.get(4));
    }

    @Test
    void chatStreamsTheReplyAsItArrives() throws Exception {
        gateway.on("POST /v1/chat/completions", request -> Response.sse(List.of(
                chunk("{\"role\": \"assistant\"}", null), chunk("{\"content\": \"sure, \"}", null),
                chunk("{\"content\": \"at 8\"}", null), chunk("{}", "\"stop\""))));

        int exit = run("chat", "--model", "ft:doppel-mail:tenant-a::x", "--message", "coming tonight?",
                "--system", "You are Alex.", "--temperature", "0.7", "--max-tokens", "20", "--seed", "3");

        assertEquals(0, exit, err.toString());
        assertEquals("sure, at 8" + System.lineSeparator(), out.toString());
        assertEquals(JSON.readTree("""
                {"model": "ft:doppel-mail:tenant-a::x", "messages": [{"role": "system", "content": "You are Alex."},
                 {"role": "user", "content": "coming tonight?"}], "temperature": 0.7, "max_tokens": 20, "seed": 3,
                 "stream": true}"""), JSON.readTree(gateway.requests.getFirst().body()));
    }

    @Test
    void chatFallsBackToAWholeReplyWhenTheGatewayCannotStreamYet() throws Exception {
        gateway.on("POST /v1/chat/completions", request -> request.body().contains("\"stream\":true")
                ? Response.error(400, "Streaming is not supported yet.", "stream", null)
                : Response.json("{\"object\": \"chat.completion\", \"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"sure\"}}]}"));

        int exit = run("chat", "--model", "ft:m", "--message", "coming?");

        assertEquals(0, exit, err.toString());
        assertEquals("sure" + System.lineSeparator(), out.toString());
        assertEquals(2, gateway.requests.size());
    }

    @Test
    void benchChatWithoutAModelPointsToTheDemo() throws Exception {
        gateway.on("GET /v1/models", request -> Response.json("""
                {"object": "list", "data": [{"id": "doppel-mail", "object": "model", "created": 5, "owned_by": "doppel"}]}"""));

        int exit = run("bench", "chat");

        assertEquals(2, exit);
        assertTrue(err.toString().contains("you have no fine-tuned model that is ready to serve. Make one with bin/doppel demo"),
                err.toString());
    }

    @Test
    void benchChatPicksTheNewestFineTunedModelAndReportsJson() throws Exception {
        gateway.on("GET /v1/models", request -> Response.json("""
                {"object": "list", "data": [
                  {"id": "doppel-mail", "created": 900, "owned_by": "doppel"},
                  {"id": "ft:doppel-mail:tenant-a::old", "created": 100, "owned_by": "tenant-a"},
                  {"id": "ft:doppel-mail:tenant-a::new", "created": 200, "owned_by": "tenant-a"}]}"""));
        gateway.on("POST /v1/chat/completions", request -> Response.sse(List.of(
                chunk("{\"role\": \"assistant\"}", null), chunk("{\"content\": \"a\"}", null),
                chunk("{\"content\": \"b\"}", null), chunk("{\"content\": \"c\"}", null), chunk("{}", "\"length\""))));

        int exit = run("bench", "chat", "--concurrency", "4", "--requests", "8", "--single", "2", "--max-tokens", "3", "--json");

        assertEquals(0, exit, err.toString());
        JsonNode report = JSON.readTree(out.toString());
        for (String field : List.of("single_tok_s", "aggregate_tok_s", "ttft_p50_ms", "ttft_p99_ms")) {
            assertTrue(report.get(field).isNumber() && report.get(field).asDouble() > 0, field + " in " + report);
        }
        assertEquals("ft:doppel-mail:tenant-a::new", report.get("model").asText());
        assertEquals(8, report.get("requests").asInt());
        assertEquals(24, report.get("tokens").asInt(), "three content chunks per stream");
        assertEquals(0, report.get("errors").asInt());
        long chats = gateway.requests.stream().filter(r -> r.path().equals("/v1/chat/completions")).count();
        assertEquals(3 + 2 + 8, chats, "three warm-ups, the lone streams, the concurrent phase");
        assertTrue(Stream.of("\"stream\":true", "\"max_tokens\":3").allMatch(gateway.requests.getLast().body()::contains));
    }

    @Test
    void benchChatWaitsOutARateLimitInsteadOfCountingItAsAnError() throws Exception {
        var refusals = new java.util.concurrent.atomic.AtomicInteger();
        gateway.on("POST /v1/chat/completions", request -> refusals.getAndIncrement() == 4
                ? Response.error(429, "Rate limit reached", null, "rate_limit_exceeded")
                : Response.sse(List.of(chunk("{\"content\": \"a\"}", null), chunk("{}", "\"stop\""))));

        int exit = run("bench", "chat", "--model", "ft:m", "--concurrency", "2", "--requests", "2", "--single", "2",
                "--max-tokens", "3", "--json");

        assertEquals(0, exit, err.toString());
        JsonNode report = JSON.readTree(out.toString());
        assertEquals(0, report.get("errors").asInt(), report.toString());
        assertEquals(1, report.get("rate_limited_retries").asInt(), report.toString());
        assertEquals(3 + 2 + 2 + 1, gateway.requests.stream().filter(r -> r.path().equals("/v1/chat/completions")).count(),
                "the refused stream was sent again");
    }

    private int run(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--base-url", gateway.uri().toString(), "--api-key", "sk-doppel-test"));
        return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"object\": \"chat.completion.chunk\", \"choices\": [{\"index\": 0, \"delta\": " + delta
                + ", \"finish_reason\": " + finishReason + "}]}";
    }
}
