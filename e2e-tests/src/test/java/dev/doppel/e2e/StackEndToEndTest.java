package dev.doppel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.cli.DemoFlow;
import dev.doppel.cli.GatewayClient;
import dev.doppel.cli.Stack;
import dev.doppel.cli.StackConfig;
import dev.doppel.cli.basemodel.BaseModelBuild;
import dev.doppel.cli.basemodel.BaseModelRecipe;
import dev.doppel.cli.basemodel.BaseModels;
import dev.doppel.events.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole platform as a user runs it: real PostgreSQL, Kafka and Keycloak and the four packaged
 * services, started by the same {@link Stack} as {@code bin/doppel up}, on free ports in a fresh data
 * directory, then driven through the gateway only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackEndToEndTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final int QUICK_BASE_MODEL_STEPS = 20;
    private static Stack stack;
    private static StackConfig config;

    @BeforeAll
    static void startStack() throws IOException {
        for (String service : Stack.SERVICES) {
            Path jar = StackConfig.defaults(REPO).serviceJar(service);
            assertTrue(Files.exists(jar), "build the services first (mvn package): missing " + jar);
        }
        Path data = REPO.resolve("e2e-tests/target/e2e-data");
        config = StackConfig.defaults(REPO).withDataDir(data).withReadyTimeout(Duration.ofMinutes(4));
        for (String component : StackConfig.DEFAULT_PORTS.keySet()) {
            config = config.withPort(component, freePort());
        }
        stack = new Stack(config);
        stack.down(System.out::println); // leftovers of an interrupted earlier run
        // The trainer fine-tunes from doppel-mail: a quick one (20 steps) is enough to exercise the path.
        new BaseModelBuild(config.artifactsDir(), BaseModels.DEFAULT, BaseModelRecipe.defaults().withSteps(QUICK_BASE_MODEL_STEPS))
                .commandLine(StackEndToEndTest.class.getSimpleName())
                .run(System.out::println);
        stack.up(System.out::println);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.down(System.out::println);
        }
    }

    @Test
    @Order(1)
    void everyComponentIsHealthy() {
        assertTrue(stack.isHealthy(), () -> "unhealthy: " + stack.status());
    }

    @Test
    @Order(2)
    void theBrokerHoldsEveryTopicOfThePlatform() throws Exception {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + config.port("kafka"));
        try (Admin admin = Admin.create(props)) {
            Set<String> topics = admin.listTopics().names().get();
            assertTrue(topics.containsAll(Topics.allWithDeadLetters()), () -> "topics on the broker: " + topics);
        }
    }

    @Test
    @Order(3)
    void theGatewayRefusesAnonymousAndWrongRoleRequests() throws Exception {
        var anonymous = client();
        for (String path : List.of("/v1/files", "/v1/models", "/v1/fine_tuning/jobs")) {
            assertEquals(401, anonymous.anonymousStatus(path), path);
        }
        var reviewer = client().login("rita", "rita-password");
        var refused = assertThrows(GatewayClient.ApiError.class, () -> reviewer.get("/v1/files"));
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("permission_error"), refused.body());
    }

    @Test
    @Order(4)
    void aTenantsDataTravelsThroughAllFourServicesToAChatReply() throws Exception {
        var alice = client().login("alice", "alice-password");
        var lines = new java.util.ArrayList<String>();
        DemoFlow.Result result = new DemoFlow(alice, line -> {
            System.out.println(line);
            lines.add(line);
        }, Duration.ofMinutes(5)).run(REPO.resolve(DemoFlow.SAMPLE_EXPORT), java.util.List.of("Alex Doe"),
                "are you coming tonight?");

        assertTrue(result.model().startsWith("ft:doppel-mail:tenant-a:"), result.model());
        List<String> expected = List.of("validating_files", "queued", "running", "succeeded");
        // Polling sees a status only if it lasts past a poll, so what was seen must be in order and end in
        // succeeded; the trainer's own events prove the job went through every status.
        List<String> seen = result.statuses();
        assertEquals(expected.stream().filter(seen::contains).toList(), seen, "statuses seen: " + seen);
        assertEquals("succeeded", seen.getLast());
        var events = alice.get("/v1/fine_tuning/jobs/" + result.jobId() + "/events?limit=100").get("data");
        List<String> messages = new java.util.ArrayList<>();
        events.forEach(e -> messages.add(e.get("message").asText()));
        for (String expectedMessage : List.of("Validating training file", "Files validated, moving job to queued state",
                "Fine-tuning job started", "The job has successfully completed")) {
            assertTrue(messages.stream().anyMatch(m -> m.startsWith(expectedMessage)), expectedMessage + " in " + messages);
        }
        double perplexity = result.evaluation().get("perplexity").asDouble();
        assertTrue(perplexity > 1 && Double.isFinite(perplexity), "perplexity " + perplexity);
        assertTrue(lines.stream().anyMatch(l -> l.contains("step ") && l.contains("loss")), "progress lines: " + lines);
        assertFalse(result.reply().isEmpty(), "the model's reply is empty");

        // The same ids are invisible to another tenant.
        var bob = client().login("bob", "bob-password");
        for (String path : List.of("/v1/files/" + result.fileId(), "/v1/fine_tuning/jobs/" + result.jobId(),
                "/v1/models/" + result.model())) {
            var hidden = assertThrows(GatewayClient.ApiError.class, () -> bob.get(path));
            assertEquals(404, hidden.status(), path);
        }
        var notBobs = assertThrows(GatewayClient.ApiError.class, () -> bob.post("/v1/chat/completions",
                Map.of("model", result.model(), "messages", List.of(Map.of("role", "user", "content", "hi")))));
        assertEquals(404, notBobs.status());
    }

    @Test
    @Order(5)
    void theOfficialOpenAiNodeClientRunsTheFineTuningGuide() throws Exception {
        var alice = client().login("alice", "alice-password");
        var bob = client().login("bob", "bob-password");
        // The openai package authenticates with an API key, as against OpenAI: one per tenant, made through the API.
        String aliceKey = alice.post("/v1/doppel/api_keys", Map.of("name", "openai-npm-e2e")).get("secret").asText();
        String bobKey = bob.post("/v1/doppel/api_keys", Map.of("name", "openai-npm-e2e")).get("secret").asText();
        var node = new OpenAiNodeClient(REPO.resolve("e2e-tests/openai-client"));
        node.install(System.out::println);
        Path work = Files.createDirectories(REPO.resolve("e2e-tests/target/openai-client"));

        var result = node.runWorkflow(Map.of(
                "OPENAI_BASE_URL", "http://localhost:" + config.port(StackConfig.GATEWAY) + "/v1",
                "OPENAI_API_KEY", aliceKey,
                "OTHER_TENANT_API_KEY", bobKey,
                "TRAINING_PAIRS", REPO.resolve("ingest-service/samples/prompt-completion.jsonl").toString(),
                "WORK_DIR", work.toString(),
                "BASE_MODEL", BaseModels.DEFAULT,
                "TIMEOUT_S", "480"), Duration.ofMinutes(9), System.out::println);

        assertEquals(0, result.exitCode(), () -> "the openai client's workflow failed:\n" + result.output());
        assertTrue(result.output().contains("OK: the openai npm client ran the fine-tuning workflow"), result.output());
    }

    private static GatewayClient client() {
        return new GatewayClient(URI.create("http://localhost:" + config.port(StackConfig.GATEWAY)),
                URI.create("http://localhost:" + config.port("keycloak")));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
