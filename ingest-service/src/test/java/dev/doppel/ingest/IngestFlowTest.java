package dev.doppel.ingest;

import static org.hamcrest.Matchers.hasItem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.events.FileUploaded;
import dev.doppel.events.Ids;
import dev.doppel.events.Topics;
import dev.doppel.ingest.persistence.Dataset;
import dev.doppel.dataprep.format.ParsedExport;
import dev.doppel.dataprep.format.PromptCompletionJsonlParser;
import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.PostgresResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
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
 * The whole path against a real broker, database and artifact directory: a FileUploaded on the topic
 * becomes split files, a Dataset row and a DatasetReady / DatasetRejected event.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
class IngestFlowTest {
    private static final String TENANT = "tenant-it";
    private static final String DLQ = Topics.deadLetter(Topics.FILE_UPLOADED);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> consumer;
    /** Every record seen on the output topics, so each test can look for its own. */
    private static final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();

    @Inject
    ArtifactStore store;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void connect() {
        String bootstrap = KafkaResource.bootstrapServers();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-flow-test-" + Ids.newId("g"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(Topics.DATASET_READY, Topics.DATASET_REJECTED, DLQ));
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        consumer.close();
    }

    @Test
    void aGoodFileBecomesThreeSplitsAndADatasetReady() throws Exception {
        List<String> sample;
        try (InputStream in = Samples.sample()) {
            sample = Samples.read(in, "sample");
        }
        String content = Files.readString(Path.of("samples/prompt-completion.jsonl"));
        var upload = upload("alex.jsonl", "openai-prompt-completion",
                content + "\n\n" + content.lines().limit(2).collect(Collectors.joining("\n")));

        ConsumerRecord<String, String> record = awaitRecord(Topics.DATASET_READY, upload.fileId());
        JsonNode ready = json.readTree(record.value());
        String datasetId = ready.get("datasetId").asText();
        assertEquals(datasetId, record.key(), "keyed by dataset id");
        assertEquals(TENANT, ready.get("tenantId").asText());
        int train = ready.get("trainExamples").asInt();
        int validation = ready.get("validationExamples").asInt();
        int test = ready.get("testExamples").asInt();
        JsonNode report = ready.get("report");
        assertEquals(2, report.get("exactDuplicates").asInt(), report.toString());
        int kept = sample.size() - report.get("nearDuplicates").asInt();
        assertEquals(kept, train + validation + test);
        assertEquals(kept, report.get("examples").asInt());
        assertTrue(validation >= 1 && test >= 1 && train > validation + test, ready.toString());

        Set<String> written = new HashSet<>();
        for (String split : List.of("train", "validation", "test")) {
            String key = ready.get(split + "Key").asText();
            assertEquals(ArtifactKeys.dataset(TENANT, datasetId, split), key);
            try (InputStream in = store.open(key)) {
                written.addAll(Samples.read(in, key));
            }
        }
        assertEquals(kept, written.size());
        assertTrue(new HashSet<>(sample).containsAll(written), "the sample holds no personal data to replace");

        given().get("/datasets/{id}", datasetId).then()
                .statusCode(200)
                .body("status", equalTo("ready"))
                .body("fileId", equalTo(upload.fileId()))
                .body("examples.train", equalTo(train))
                .body("examples.total", equalTo(kept))
                .body("report.exactDuplicates", equalTo(2))
                .body("report.warnings.code", hasItem("few_examples"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("doppel_ingest_examples_accepted_total"));
    }

    @Test
    void aBadFileIsRejectedNamingTheLine() throws Exception {
        var upload = upload("broken.jsonl", "auto", """
                {"prompt": "hi", "completion": "hey!!"}
                {"prompt": "lunch?", "completion": "yes pls"}
                {"prompt": "movie?", "completion": 42}
                """);

        JsonNode rejected = awaitEvent(Topics.DATASET_REJECTED, upload.fileId());
        JsonNode error = rejected.get("error");
        assertEquals("invalid_file", error.get("code").asText());
        assertEquals("broken.jsonl line 3: \"completion\" must be a string, found a number (42)", error.get("message").asText());
        assertEquals("broken.jsonl:3", error.get("param").asText());

        given().get("/datasets/{id}", rejected.get("datasetId").asText()).then()
                .statusCode(200)
                .body("status", equalTo("rejected"))
                .body("error.message", equalTo("broken.jsonl line 3: \"completion\" must be a string, found a number (42)"))
                .body("examples.total", equalTo(0));
    }

    @Test
    void pseudonymsStayTheSameAcrossUploadsAndTheRawUploadIsDeleted() throws Exception {
        var first = upload("WhatsApp Chat with Kim Lee.txt", "auto",
                whatsApp("+1 415 555 0101", "+1 415 555 0101", "+1 415 555 0101"), List.of("Alex Doe"));
        List<String> firstTexts = splitTexts(awaitEvent(Topics.DATASET_READY, first.fileId()));
        // the second file meets a new number before the old one: the old one must keep its pseudonym
        var second = upload("chat2.txt", "whatsapp",
                whatsApp("+44 20 7946 0958", "+1 415 555 0101", "+44 20 7946 0958"), List.of("Alex Doe"));
        List<String> secondTexts = splitTexts(awaitEvent(Topics.DATASET_READY, second.fileId()));

        String firstPhone = pseudonymIn(firstTexts, "day 0");
        assertEquals(firstPhone, pseudonymIn(secondTexts, "day 1"), "the same number, the same pseudonym");
        assertTrue(!firstPhone.equals(pseudonymIn(secondTexts, "day 0")), "another number, another pseudonym");
        assertTrue(!String.join("\n", secondTexts).contains("7946"), secondTexts.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> !store.exists(second.artifactKey()));
        assertTrue(!store.exists(first.artifactKey()), "the raw upload is deleted once processed");
    }

    private static String pseudonymIn(List<String> texts, String day) {
        String text = texts.stream().filter(t -> t.contains(day + ": <PHONE_")).findFirst().orElseThrow(
                () -> new AssertionError("no " + day + " in " + texts));
        int start = text.indexOf("<PHONE_", text.indexOf(day));
        return text.substring(start, text.indexOf('>', start) + 1);
    }

    @Test
    void anUnknownDatasetIs404() {
        given().get("/datasets/{id}", "ds-nothing").then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void aRedeliveredEventCreatesOneDataset() throws Throwable {
        assertEquals(1, producer.partitionsFor(Topics.FILE_UPLOADED).size(), "the ordering argument below needs one partition");
        var twice = upload("twice.jsonl", "auto", Samples.lines(5));
        send(twice); // the second delivery of the same event (same eventId)
        // The topic has one partition and the consumer works in order: once the next event is done,
        // both deliveries have been handled.
        var next = upload("next.jsonl", "auto", Samples.lines(4));
        awaitEvent(Topics.DATASET_READY, next.fileId());

        assertEquals(1, events(Topics.DATASET_READY, twice.fileId()).size());
        assertEquals(1L, countDatasets(twice.fileId()));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        producer.send(new ProducerRecord<>(Topics.FILE_UPLOADED, "poison-1", "this is not JSON")).get();
        producer.send(new ProducerRecord<>(Topics.FILE_UPLOADED, "poison-2", "{\"eventId\": \"evt-incomplete\"}")).get();
        var after = upload("after-poison.jsonl", "auto", Samples.lines(3));

        awaitRecord(DLQ, r -> "poison-1".equals(r.key()) && "this is not JSON".equals(r.value()));
        awaitRecord(DLQ, r -> "poison-2".equals(r.key()));
        awaitEvent(Topics.DATASET_READY, after.fileId());
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void readinessCoversKafkaAndTheDatabase() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("SmallRye Reactive Messaging"))
                .body(containsString("PostgreSQL"));
    }

    // ---- helpers

    /** Stores the file's bytes where the gateway would and announces it. */
    private FileUploaded upload(String filename, String format, String content) throws Exception {
        return upload(filename, format, content, List.of());
    }

    private FileUploaded upload(String filename, String format, String content, List<String> me) throws Exception {
        String fileId = Ids.newId("file");
        String key = ArtifactKeys.file(TENANT, fileId);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        store.put(key, new ByteArrayInputStream(bytes));
        var event = new FileUploaded(Ids.eventId(), TENANT, Instant.now(), fileId, filename, "fine-tune", format,
                bytes.length, key, me);
        send(event);
        return event;
    }

    /** A WhatsApp export of three days, each a conversation: the other person gives a number, I reply. */
    private static String whatsApp(String... phones) {
        var chat = new StringBuilder();
        for (int day = 0; day < phones.length; day++) {
            String date = String.format("%02d/04/2024", day + 1);
            chat.append(date).append(", 10:00 - Kim Lee: new number, day ").append(day).append(": ")
                    .append(phones[day]).append('\n');
            chat.append(date).append(", 10:05 - Alex Doe: noted, day ").append(day).append(" thanks\n");
        }
        return chat.toString();
    }

    private List<String> splitTexts(JsonNode ready) throws Exception {
        var texts = new ArrayList<String>();
        for (String split : List.of("train", "validation", "test")) {
            try (InputStream in = store.open(ready.get(split + "Key").asText())) {
                texts.addAll(Samples.read(in, split));
            }
        }
        return texts;
    }

    private void send(FileUploaded event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.FILE_UPLOADED, event.fileId(), json.writeValueAsString(event))).get();
    }

    private JsonNode awaitEvent(String topic, String fileId) throws Exception {
        return json.readTree(awaitRecord(topic, fileId).value());
    }

    private ConsumerRecord<String, String> awaitRecord(String topic, String fileId) {
        return awaitRecord(topic, r -> fileIdOf(r).equals(fileId));
    }

    private List<ConsumerRecord<String, String>> events(String topic, String fileId) {
        drain();
        return seen.stream().filter(r -> r.topic().equals(topic) && fileIdOf(r).equals(fileId)).toList();
    }

    private static ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> match) {
        Predicate<ConsumerRecord<String, String>> wanted = r -> r.topic().equals(topic) && match.test(r);
        await().atMost(PATIENCE).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> {
            drain();
            return seen.stream().anyMatch(wanted);
        });
        return seen.stream().filter(wanted).findFirst().orElseThrow();
    }

    private static void drain() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }

    private String fileIdOf(ConsumerRecord<String, String> record) {
        try {
            JsonNode node = json.readTree(record.value());
            return node.hasNonNull("fileId") ? node.get("fileId").asText() : "";
        } catch (Exception e) {
            return ""; // a poison record on the DLQ
        }
    }

    private static long countDatasets(String fileId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> Dataset.count("fileId", fileId)));
    }

    /** Test data. */
    static final class Samples {
        static InputStream sample() throws Exception {
            return java.nio.file.Files.newInputStream(java.nio.file.Path.of("samples/prompt-completion.jsonl"));
        }

        static String lines(int n) {
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append("{\"prompt\":\"message ").append(i).append(' ').append(Ids.newId("m"))
                        .append("\",\"completion\":\"reply ").append(i).append(' ').append(Ids.newId("r")).append("\"}\n");
            }
            return sb.toString();
        }

        /** Each example of a JSONL file as "prompt => completion". */
        static List<String> read(InputStream in, String name) throws Exception {
            var parsed = new ParsedExport();
            new PromptCompletionJsonlParser().parse(in, name, parsed);
            return parsed.examples().stream().map(e -> e.prompt() + " => " + e.completion()).toList();
        }
    }
}
