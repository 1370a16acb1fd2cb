package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.events.DoppelEvent;
import dev.doppel.events.EvaluationCompleted;
import dev.doppel.events.Ids;
import dev.doppel.events.JobFinished;
import dev.doppel.events.JobProgressed;
import dev.doppel.events.ModelPublished;
import dev.doppel.events.Topics;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the trainer and the evaluator would announce, produced on the real Kafka, so that a tenant owns a job, a
 * published model and an evaluation as the gateway's projections record them.
 */
final class Pipeline implements AutoCloseable {
    static final Duration PROJECTED = Duration.ofSeconds(30);

    /** A tenant's finished job, its published model and the model's evaluation. */
    record Owned(String tenant, String jobId, String model, String evaluationId) {
    }

    private final TestKafka kafka = new TestKafka(KafkaResource.bootstrapServers(), List.of());
    private final ObjectMapper json;

    /** @param json the application's mapper, so events are written as the services write them */
    Pipeline(ObjectMapper json) {
        this.json = json;
    }

    /** A job the trainer ran for {@code tenant}, with one metrics event; awaited until the owner can read it. */
    String job(String tenant, String ownerToken, Instant at) throws Exception {
        String jobId = Ids.newId("ftjob");
        produce(Topics.JOB_PROGRESSED, progress(tenant, jobId, at, 1, 4));
        await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(ownerToken)
                .get("/v1/fine_tuning/jobs/" + jobId).then().statusCode(200));
        return jobId;
    }

    /** A finished job whose model the evaluator scored and published; awaited until the owner sees the model. */
    Owned published(String tenant, String ownerToken) throws Exception {
        Instant now = Instant.now();
        String jobId = job(tenant, ownerToken, now);
        String model = "ft:doppel-scratch:" + tenant + "::" + jobId.substring("ftjob-".length());
        String checkpointKey = ArtifactKeys.checkpoint(tenant, jobId, "ftckpt-1");
        String evaluationId = Ids.newId("eval");
        produce(Topics.JOB_FINISHED, new JobFinished(Ids.eventId(), tenant, now, jobId, "succeeded", model, 100, null));
        produce(Topics.EVALUATION_COMPLETED, new EvaluationCompleted(Ids.eventId(), tenant, now, evaluationId,
                "ftckpt-1", jobId, model, checkpointKey, "test", 3, 30, 2.0, Math.exp(2.0)));
        produce(Topics.MODEL_PUBLISHED, new ModelPublished(Ids.eventId(), tenant, now, model, jobId, "ftckpt-1",
                model + ":ckpt-step-1", 1, checkpointKey, evaluationId, 2.0, null, "ds-1", "validation"));
        await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(ownerToken).get("/v1/models")
                .then().statusCode(200).body("data.id", hasItem(model)));
        await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(ownerToken)
                .get("/v1/doppel/models/" + model + "/evaluations").then().statusCode(200)
                .body("data.id", hasItem(evaluationId)));
        await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(ownerToken)
                .get("/v1/fine_tuning/jobs/" + jobId).then().body("status", equalTo("succeeded")));
        return new Owned(tenant, jobId, model, evaluationId);
    }

    static JobProgressed progress(String tenant, String jobId, Instant at, int step, int total) {
        return new JobProgressed(Ids.eventId(), tenant, at, jobId, "file-x", "ds-1", "running", "info",
                "Step " + step + "/" + total + ": training loss=" + (4.0 - step / 2.0), JobProgressed.TYPE_METRICS,
                new JobProgressed.Metrics(step, total, 4.0 - step / 2.0, null, null, null, 100.0));
    }

    void produce(String topic, DoppelEvent event) throws Exception {
        kafka.send(topic, event.key(), json.writeValueAsString(event));
    }

    static String alice() {
        return KeycloakResource.accessToken("alice", "alice-password");
    }

    static String bob() {
        return KeycloakResource.accessToken("bob", "bob-password");
    }

    static String rita() {
        return KeycloakResource.accessToken("rita", "rita-password");
    }

    @Override
    public void close() {
        kafka.close();
    }
}
