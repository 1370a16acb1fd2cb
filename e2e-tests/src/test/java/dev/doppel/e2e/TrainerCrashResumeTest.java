package dev.doppel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.doppel.cli.StackConfig;
import dev.doppel.events.DatasetReady;
import dev.doppel.events.Ids;
import dev.doppel.events.JobRequested;
import dev.doppel.events.Topics;
import dev.doppel.localstack.DoppelDatabase;
import dev.doppel.localstack.KafkaBroker;
import dev.doppel.localstack.KafkaTopics;
import dev.doppel.localstack.ManagedProcess;
import dev.doppel.localstack.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash-resume for real: the packaged trainer runs as its own process against real PostgreSQL and
 * Kafka, is killed with SIGKILL in the middle of a job, and is started again. The job resumes from
 * its latest checkpoint and finishes; its result file has every step once, and the steps the killed
 * process had done past that checkpoint come out the same when the new process redoes them.
 */
class TrainerCrashResumeTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path DATA = REPO.resolve("e2e-tests/target/crash-resume");
    private static final String TENANT = "tenant-crash";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static ManagedProcess trainer;
    private static Map<String, String> environment;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        deleteTree(DATA);
        Files.createDirectories(DATA.resolve("artifacts"));
        postgres = new PostgresServer(DATA.resolve("postgres"), freePort());
        kafka = new KafkaBroker(DATA.resolve("kafka"), freePort(), freePort());
        postgres.launch();
        kafka.launch();
        postgres.awaitReady(Duration.ofMinutes(2));
        kafka.awaitReady(Duration.ofMinutes(2));
        try (var connection = postgres.connect()) {
            DoppelDatabase.ensure(connection);
        }
        KafkaTopics.ensurePlatformTopics(kafka.url());
        environment = new HashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.url());
        environment.put("DOPPEL_DB_URL", postgres.url());
        environment.put("DOPPEL_ARTIFACTS_DIR", DATA.resolve("artifacts").toString());
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
        environment.put("DOPPEL_TRAINER_REPLICA_ID", "crash-test");
        environment.put("DOPPEL_TRAINER_RESUME_EVERY", "1s");
        environment.put("DOPPEL_TRAINER_LEASE_TTL", "5s");
        environment.put("DOPPEL_TRAINER_PROGRESS_EVERY", "1");
        environment.put("OMP_WAIT_POLICY", "PASSIVE");
        environment.put("GOMP_SPINCOUNT", "10000");
        trainer = new ManagedProcess("trainer", DATA.resolve("trainer.pid"), DATA.resolve("trainer.log"));
    }

    @AfterAll
    static void stopEverything() {
        if (trainer != null) {
            trainer.stop("TERM", Duration.ofSeconds(10));
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void aJobKilledMidwayResumesFromItsCheckpointRedoesTheLostStepsAlikeAndFinishes() throws Exception {
        DatasetReady file = preparedFile(60);
        JobRequested interrupted = request(file.fileId());
        try (var producer = producer(); var events = consumer()) {
            producer.send(new ProducerRecord<>(Topics.DATASET_READY, file.datasetId(), JSON.writeValueAsString(file))).get();
            startTrainer();
            producer.send(new ProducerRecord<>(Topics.JOB_REQUESTED, interrupted.jobId(), JSON.writeValueAsString(interrupted))).get();

            // 60 examples, batch 4: 15 steps per epoch; 40 epochs: 600 steps. Kill it well inside the second epoch.
            List<JsonNode> seen = new ArrayList<>();
            await(events, seen, e -> interrupted.jobId().equals(e.path("jobId").asText())
                    && e.path("data").path("step").asInt() >= 40, Duration.ofMinutes(3));
            ProcessHandle victim = trainer.running().orElseThrow();
            new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).inheritIO().start().waitFor();
            victim.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(!victim.isAlive(), "the trainer is dead");
            int stepAtKill = seen.stream().filter(e -> interrupted.jobId().equals(e.path("jobId").asText()))
                    .mapToInt(e -> e.path("data").path("step").asInt()).max().orElseThrow();

            startTrainer();
            JsonNode finished = await(events, seen, e -> interrupted.jobId().equals(e.path("jobId").asText())
                    && "succeeded".equals(e.path("status").asText()) && e.has("resultKey"), Duration.ofMinutes(5));
            JsonNode resumed = seen.stream().filter(e -> e.path("message").asText().startsWith("Fine-tuning job resumed at step"))
                    .findFirst().orElseThrow(() -> new AssertionError("no resume message in " + seen));
            int resumedAt = Integer.parseInt(resumed.path("message").asText().replaceAll("\\D+(\\d+).*", "$1"));
            assertTrue(resumedAt > 0 && resumedAt <= stepAtKill + 5, "resumed at " + resumedAt + ", killed after " + stepAtKill);

            List<String> rows = Files.readAllLines(DATA.resolve("artifacts").resolve(finished.path("resultKey").asText()));
            assertEquals(601, rows.size(), "a header and each of the 600 steps once");
            for (int step = 1; step <= 600; step++) {
                assertTrue(rows.get(step).startsWith(step + ","), "row " + step + ": " + rows.get(step));
            }

            // The steps the killed trainer had already done past its last checkpoint were redone by the new one,
            // from that checkpoint: they must come out as they did before the kill. (Two independent processes
            // training the same job from scratch are not compared: their float sums differ in the last bits,
            // ~1e-5 by step 17 in one CI run, and at this learning rate such drift grows chaotically.)
            Map<Integer, Double> beforeKill = new HashMap<>();
            for (JsonNode event : seen.subList(0, seen.indexOf(resumed))) { // what the killed process reported
                if (interrupted.jobId().equals(event.path("jobId").asText()) && event.path("data").path("step").asInt() > resumedAt
                        && event.path("data").has("trainLoss")) {
                    beforeKill.putIfAbsent(event.path("data").path("step").asInt(), event.path("data").path("trainLoss").asDouble());
                }
            }
            assertTrue(!beforeKill.isEmpty(), "the killed trainer reported steps past its checkpoint " + resumedAt
                    + "; events: " + messages(seen, interrupted.jobId()));
            for (var redone : beforeKill.entrySet()) {
                double after = Double.parseDouble(rows.get(redone.getKey()).split(",")[1]);
                if (Math.abs(after - redone.getValue()) > 1e-4) {
                    throw new AssertionError("train loss at step " + redone.getKey() + ": " + after + " after the resume, "
                            + redone.getValue() + " before the kill (resumed at " + resumedAt + ", killed after " + stepAtKill
                            + ")\nredone steps: " + beforeKill + "\ntrainer log:\n" + tail(trainer.logFile()));
                }
            }
        }
    }

    private static void startTrainer() {
        Path jar = StackConfig.defaults(REPO).serviceJar("trainer-service");
        assertTrue(Files.exists(jar), "build the services first (mvn package): missing " + jar);
        trainer.launch(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-Dai.djl.pytorch.num_interop_threads=1", "-jar", jar.toString()), environment, DATA);
    }

    private static JobRequested request(String fileId) {
        return new JobRequested(Ids.eventId(), TENANT, Instant.now(), Ids.newId("ftjob"), "doppel-scratch", fileId, null,
                JobRequested.SUPERVISED, new JobRequested.Hyperparameters(40, 4, null), null, 11L);
    }

    private static DatasetReady preparedFile(int examples) throws IOException {
        String datasetId = Ids.newId("ds");
        String prefix = "tenants/" + TENANT + "/datasets/" + datasetId + "/";
        List<String> train = new ArrayList<>();
        for (int i = 0; i < examples; i++) {
            train.add(JSON.writeValueAsString(Map.of("prompt", "are you free on day " + i + "?",
                    "completion", i % 3 == 0 ? "sure, see you then!" : "sorry, not on day " + i)));
        }
        Path dir = DATA.resolve("artifacts").resolve(prefix);
        Files.createDirectories(dir);
        Files.write(dir.resolve("train.jsonl"), train);
        Files.write(dir.resolve("validation.jsonl"), train.subList(0, 8));
        Files.write(dir.resolve("test.jsonl"), train.subList(0, 8));
        return new DatasetReady(Ids.eventId(), TENANT, Instant.now(), datasetId, Ids.newId("file"),
                prefix + "train.jsonl", prefix + "validation.jsonl", prefix + "test.jsonl", examples, 8, 8);
    }

    /** Reads progress and finished events until one matches; everything read is kept in {@code seen}. */
    private static JsonNode await(KafkaConsumer<String, String> consumer, List<JsonNode> seen,
                                  java.util.function.Predicate<JsonNode> match, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (JsonNode e : seen) {
            if (match.test(e)) {
                return e;
            }
        }
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                JsonNode event = JSON.readTree(record.value());
                seen.add(event);
                if (match.test(event)) {
                    return event;
                }
            }
        }
        throw new AssertionError("no matching event within " + timeout + "; trainer log:\n" + tail(trainer.logFile()));
    }

    private static List<String> messages(List<JsonNode> events, String jobId) {
        return events.stream().filter(e -> jobId.equals(e.path("jobId").asText()) && e.has("message")
                && !"metrics".equals(e.path("type").asText())).map(e -> e.path("message").asText()).toList();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static KafkaProducer<String, String> producer() {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.url());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer() {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.url());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-test-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.JOB_PROGRESSED, Topics.JOB_FINISHED));
        return consumer;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
