package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.FileSystemArtifactStore;
import dev.doppel.events.DatasetReady;
import dev.doppel.events.DoppelEvent;
import dev.doppel.events.EvaluationCompleted;
import dev.doppel.events.ModelPublished;
import dev.doppel.events.Ids;
import dev.doppel.events.JobFinished;
import dev.doppel.events.JobProgressed;
import dev.doppel.events.Topics;
import dev.doppel.lm.ByteTokenizer;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.LanguageModel;
import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.PostgresResource;
import dev.doppel.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The gateway against real Keycloak, Kafka and PostgreSQL: who may call what, and the tenant-facing
 * path from upload to a chat reply, with the downstream services' events produced by the test.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
class GatewayPathTest {
    private static final List<String> TENANT_ENDPOINTS = List.of(
            "/v1/files", "/v1/files/file-x/report", "/v1/files/file-x/content", "/v1/fine_tuning/jobs",
            "/v1/fine_tuning/jobs/ftjob-x/checkpoints", "/v1/models");

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "doppel.artifacts.dir")
    Path artifactsDir;

    private TestKafka kafka;

    @Test
    void withoutATokenEveryTenantEndpointAnswers401InOpenAiShape() {
        for (String path : TENANT_ENDPOINTS) {
            given().get(path).then().statusCode(401)
                    .body("error.type", equalTo("authentication_error"))
                    .body("error.message", notNullValue());
        }
        given().contentType(ContentType.JSON).body("{}").post("/v1/chat/completions").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/v1/files").then().statusCode(401);
    }

    @Test
    void aReviewerIsForbiddenFromTenantEndpoints() {
        String rita = KeycloakResource.accessToken("rita", "rita-password");
        for (String path : TENANT_ENDPOINTS) {
            given().auth().oauth2(rita).get(path).then().statusCode(403)
                    .body("error.type", equalTo("permission_error"));
        }
    }

    @Test
    void uploadTrainServeAndIsolateTenants() throws Exception {
        String alice = KeycloakResource.accessToken("alice", "alice-password");
        String bob = KeycloakResource.accessToken("bob", "bob-password");

        try (var kafka = new TestKafka(KafkaResource.bootstrapServers(), List.of(Topics.FILE_UPLOADED))) {
            this.kafka = kafka;
            // Upload: stored, recorded, announced.
            String fileId = given().auth().oauth2(alice)
                    .multiPart("purpose", "fine-tune")
                    .multiPart("file", "pairs.jsonl", "{\"prompt\":\"hi\",\"completion\":\"hey!\"}\n".getBytes())
                    .multiPart("me", "Alice Example")
                    .multiPart("me", "+44 7700 900123")
                    .post("/v1/files").then().statusCode(200)
                    .body("object", equalTo("file"))
                    .body("status", equalTo("uploaded"))
                    .body("filename", equalTo("pairs.jsonl"))
                    .extract().path("id");
            JsonNode uploaded = json.readTree(
                    kafka.await(Topics.FILE_UPLOADED, 1, r -> fileId.equals(r.key())).get(0).value());
            assertEquals("tenant-a", uploaded.get("tenantId").asText());
            assertEquals("[\"Alice Example\",\"+44 7700 900123\"]", uploaded.get("me").toString());
            assertTrue(Files.exists(artifactsDir.resolve(uploaded.get("artifactKey").asText())));

            given().auth().oauth2(alice).get("/v1/files/" + fileId).then().statusCode(200);
            given().auth().oauth2(bob).get("/v1/files/" + fileId).then().statusCode(404)
                    .body("error.code", equalTo("not_found"));
            given().auth().oauth2(bob).get("/v1/files").then().statusCode(200)
                    .body("data.id", not(hasItem(fileId)));

            // What ingest, trainer and evaluator would announce.
            String jobId = Ids.newId("ftjob");
            // A job the trainer started on its own (no POST): the projection creates it from its events.
            String model = "ft:doppel-scratch:tenant-a::" + jobId.substring("ftjob-".length());
            String checkpointKey = ArtifactKeys.checkpoint("tenant-a", jobId, "ftckpt-1");
            writeTinyCheckpoint(checkpointKey);
            Instant now = Instant.now();
            given().auth().oauth2(alice).get("/v1/files/" + fileId + "/report").then().statusCode(404);
            produce(Topics.DATASET_READY, new DatasetReady(Ids.eventId(), "tenant-a", now, "ds-1", fileId,
                    "t", "v", "s", 8, 1, 1, Map.of("examples", 10, "warnings", List.of(Map.of("code", "few_examples")))));
            produce(Topics.JOB_PROGRESSED, new JobProgressed(Ids.eventId(), "tenant-a", now, jobId, fileId, "ds-1",
                    "running", "info", "Step 1/2: training loss=3.10", JobProgressed.TYPE_METRICS,
                    new JobProgressed.Metrics(1, 2, 3.1, null, null, null, 100.0)));
            produce(Topics.JOB_FINISHED, new JobFinished(Ids.eventId(), "tenant-a", now, jobId, "succeeded", model,
                    1234, null));
            var evaluation = new EvaluationCompleted(Ids.eventId(), "tenant-a", now, "eval-1", "ftckpt-1", jobId,
                    model, checkpointKey, "validation", 1, 10, 2.0, Math.exp(2.0));
            produce(Topics.EVALUATION_COMPLETED, evaluation);
            produce(Topics.EVALUATION_COMPLETED, evaluation); // a redelivery changes nothing
            var published = new ModelPublished(Ids.eventId(), "tenant-a", now, model, jobId, "ftckpt-1", model + ":ckpt-step-1",
                    1, checkpointKey, "eval-1", 2.0, null, "ds-1", "s");
            produce(Topics.MODEL_PUBLISHED, published);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(alice)
                    .get("/v1/models").then().statusCode(200).body("data.id", hasItem(model)));
            // Each topic is consumed on its own, so each projection is awaited on its own.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(alice)
                    .get("/v1/files/" + fileId).then().body("status", equalTo("processed")));
            given().auth().oauth2(alice).get("/v1/files/" + fileId + "/report").then().statusCode(200)
                    .body("examples", equalTo(10)).body("warnings[0].code", equalTo("few_examples"));
            given().auth().oauth2(bob).get("/v1/files/" + fileId + "/report").then().statusCode(404);
            given().auth().oauth2(alice).get("/v1/doppel/files/" + fileId + "/report").then().statusCode(200)
                    .body("examples", equalTo(10));
            given().auth().oauth2(bob).get("/v1/doppel/files/" + fileId + "/report").then().statusCode(404);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(alice)
                    .get("/v1/fine_tuning/jobs/" + jobId).then().statusCode(200).body("status", equalTo("succeeded"))
                    .body("training_file", equalTo(fileId)));
            given().auth().oauth2(alice).get("/v1/fine_tuning/jobs/" + jobId).then().statusCode(200)
                    .body("status", equalTo("succeeded"))
                    .body("model", equalTo("doppel-scratch"))
                    .body("fine_tuned_model", equalTo(model))
                    .body("training_file", equalTo(fileId));
            given().auth().oauth2(alice).get("/v1/fine_tuning/jobs/" + jobId + "/events").then().statusCode(200)
                    .body("object", equalTo("list"))
                    .body("data[0].type", equalTo("metrics"))
                    .body("data[0].data.step", equalTo(1))
                    .body("data[0].data.total_steps", equalTo(2))
                    .body("data[0].data.train_loss", equalTo(3.1f));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(alice)
                    .get("/v1/doppel/models/" + model + "/evaluation").then().statusCode(200)
                    .body("perplexity", equalTo((float) Math.exp(2.0))).body("checkpoint", equalTo("ftckpt-1")));
            given().auth().oauth2(bob).get("/v1/doppel/models/" + model + "/evaluation").then().statusCode(404);
            given().auth().oauth2(alice).get("/v1/doppel/models/" + model + "/evaluations").then().statusCode(200)
                    .body("object", equalTo("list")).body("data", hasSize(1)).body("data[0].id", equalTo("eval-1"));
            given().auth().oauth2(bob).get("/v1/doppel/models/" + model + "/evaluations").then().statusCode(404);
            given().get("/v1/doppel/models/" + model + "/evaluations").then().statusCode(401);

            // Another tenant sees none of it.
            given().auth().oauth2(bob).get("/v1/fine_tuning/jobs/" + jobId).then().statusCode(404);
            given().auth().oauth2(bob).get("/v1/models/" + model).then().statusCode(404);
            given().auth().oauth2(bob).contentType(ContentType.JSON).body(chat(model, 8))
                    .post("/v1/chat/completions").then().statusCode(404).body("error.param", equalTo("model"));

            // The owner chats with the checkpoint.
            given().auth().oauth2(alice).contentType(ContentType.JSON).body(chat(model, 8))
                    .post("/v1/chat/completions").then().statusCode(200)
                    .body("object", equalTo("chat.completion"))
                    .body("model", equalTo(model))
                    .body("choices[0].message.role", equalTo("assistant"))
                    .body("choices[0].message.content", notNullValue())
                    .body("usage.completion_tokens", org.hamcrest.Matchers.lessThanOrEqualTo(8));
        }
    }

    @Test
    void aDeletedFileIsGoneWithItsBytesAndOnlyItsOwnerCanDeleteIt() throws Exception {
        String alice = KeycloakResource.accessToken("alice", "alice-password");
        String bob = KeycloakResource.accessToken("bob", "bob-password");
        String fileId = given().auth().oauth2(alice).multiPart("purpose", "fine-tune")
                .multiPart("file", "gone.jsonl", "{\"prompt\":\"a\",\"completion\":\"b\"}\n".getBytes())
                .post("/v1/files").then().statusCode(200).extract().path("id");
        Path bytes = artifactsDir.resolve(ArtifactKeys.file("tenant-a", fileId));
        assertTrue(Files.exists(bytes), "the upload is stored at " + bytes);

        given().auth().oauth2(bob).delete("/v1/files/" + fileId).then().statusCode(404)
                .body("error.code", equalTo("not_found"));
        given().auth().oauth2(alice).get("/v1/files/" + fileId).then().statusCode(200);

        given().auth().oauth2(alice).delete("/v1/files/" + fileId).then().statusCode(200)
                .body("id", equalTo(fileId)).body("object", equalTo("file")).body("deleted", equalTo(true));
        given().auth().oauth2(alice).get("/v1/files/" + fileId).then().statusCode(404);
        given().auth().oauth2(alice).get("/v1/files").then().statusCode(200).body("data.id", not(hasItem(fileId)));
        given().auth().oauth2(alice).delete("/v1/files/" + fileId).then().statusCode(404);
        assertTrue(Files.notExists(bytes), "the upload's bytes are deleted");
        given().delete("/v1/files/" + fileId).then().statusCode(401);
    }

    @Test
    void aRawExportIsUploadedWithWhoIsMeAndBecomesAFineTuneFile() throws Exception {
        String alice = KeycloakResource.accessToken("alice", "alice-password");
        try (var kafka = new TestKafka(KafkaResource.bootstrapServers(), List.of(Topics.FILE_UPLOADED))) {
            String fileId = given().auth().oauth2(alice)
                    .multiPart("file", "WhatsApp Chat with Sam.txt", "[01/02/2024, 10:00:00] Sam: hi\n".getBytes())
                    .multiPart("me", " Alex Doe ").multiPart("me", "+44 7700 900123")
                    .post("/v1/doppel/files").then().statusCode(200)
                    .body("object", equalTo("file")).body("purpose", equalTo("fine-tune"))
                    .extract().path("id");
            JsonNode uploaded = json.readTree(
                    kafka.await(Topics.FILE_UPLOADED, 1, r -> fileId.equals(r.key())).get(0).value());
            assertEquals("[\"Alex Doe\",\"+44 7700 900123\"]", uploaded.get("me").toString());
            assertEquals("auto", uploaded.get("format").asText());
        }
        given().auth().oauth2(alice).multiPart("file", "chat.txt", "x".getBytes()).post("/v1/doppel/files")
                .then().statusCode(400).body("error.param", equalTo("me"));
        given().auth().oauth2(alice).multiPart("me", "Alex").post("/v1/doppel/files")
                .then().statusCode(400).body("error.param", equalTo("file"));
    }

    @Test
    void badRequestsNameTheParameter() {
        String alice = KeycloakResource.accessToken("alice", "alice-password");
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(chat("ft:x", 100_000))
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("max_tokens"));
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(Map.of("model", "ft:x", "messages", List.of()))
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("messages"));
        given().auth().oauth2(alice).get("/v1/files?limit=0").then().statusCode(400)
                .body("error.param", equalTo("limit"));
        given().auth().oauth2(alice).multiPart("purpose", "fine-tune").multiPart("other", "x")
                .post("/v1/files").then().statusCode(400).body("error.param", equalTo("file"));
        given().auth().oauth2(alice).multiPart("purpose", "evil").multiPart("file", "a.jsonl", "x".getBytes())
                .post("/v1/files").then().statusCode(400).body("error.param", equalTo("purpose"));
    }

    private static Map<String, Object> chat(String model, int maxTokens) {
        return Map.of("model", model, "max_tokens", maxTokens, "seed", 7,
                "messages", List.of(Map.of("role", "user", "content", "are you coming tonight?")));
    }

    private void writeTinyCheckpoint(String key) throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        var tokenizer = new ByteTokenizer();
        try (var model = LanguageModel.create(GptConfig.tiny(tokenizer.vocabSize()), tokenizer, 1)) {
            model.save(dir);
        }
        new FileSystemArtifactStore(artifactsDir).putDirectory(key, dir);
    }

    private void produce(String topic, DoppelEvent event) throws Exception {
        kafka.send(topic, event.key(), json.writeValueAsString(event));
    }
}
