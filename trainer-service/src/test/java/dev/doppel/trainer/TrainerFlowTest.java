package dev.doppel.trainer;

import dev.doppel.testing.TestKafka;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.events.CheckpointSaved;
import dev.doppel.events.DatasetReady;
import dev.doppel.events.Ids;
import dev.doppel.events.JobFinished;
import dev.doppel.events.JobProgressed;
import dev.doppel.events.Topics;
import dev.doppel.lm.Example;
import dev.doppel.lm.ExamplesJsonl;
import dev.doppel.lm.LanguageModel;
import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.PostgresResource;
import dev.doppel.trainer.persistence.TrainingJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer end to end against a real Kafka broker, PostgreSQL and artifact directory: a ready
 * dataset in, a trained checkpoint and the job's events out. Training runs 8 steps ({@code %test}).
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
class TrainerFlowTest {
    private static final String DLQ = Topics.deadLetter(Topics.DATASET_READY);

    @Inject
    ArtifactStore store;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    TestKafka kafka;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers, List.of(Topics.DATASET_READY, DLQ, Topics.JOB_PROGRESSED,
                Topics.CHECKPOINT_SAVED, Topics.JOB_FINISHED));
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void trainsADatasetIntoACheckpointAndReportsEveryStage() throws Exception {
        String tenant = "tenant-happy";
        DatasetReady ready = datasetWithSplits(tenant, 12, 3);
        kafka.send(Topics.DATASET_READY, ready.datasetId(), json.writeValueAsString(ready));

        String jobId = createdJobId(ready.datasetId());
        JobFinished finished = finished(jobId);
        assertEquals("succeeded", finished.status());
        assertEquals("ft:doppel-tiny:" + tenant + "::" + jobId.substring("ftjob-".length()), finished.fineTunedModel());
        assertTrue(finished.trainedTokens() > 0);
        assertNull(finished.error());

        List<JobProgressed> progress = progress(jobId, 5);
        assertEquals(List.of("queued", "running", "running", "running", "succeeded"),
                progress.stream().map(JobProgressed::status).toList());
        assertEquals("Created fine-tuning job", progress.get(0).message());
        List<JobProgressed> metrics = progress.stream().filter(p -> p.type().equals(JobProgressed.TYPE_METRICS)).toList();
        assertEquals(List.of(4, 8), metrics.stream().map(m -> m.data().step()).toList());
        for (JobProgressed m : metrics) {
            assertEquals(8, m.data().totalSteps());
            assertNotNull(m.data().trainLoss());
            assertNotNull(m.data().validLoss());
            assertTrue(m.message().startsWith("Step " + m.data().step() + "/8: training loss="), m.message());
        }
        assertEquals("The job has successfully completed", progress.getLast().message());

        CheckpointSaved checkpoint = read(kafka.await(Topics.CHECKPOINT_SAVED, 1, r -> jobId.equals(r.key()) || r.value().contains(jobId)).getFirst(), CheckpointSaved.class);
        assertTrue(checkpoint.checkpointId().startsWith("ftckpt-"));
        assertEquals(ArtifactKeys.checkpoint(tenant, jobId, checkpoint.checkpointId()), checkpoint.artifactKey());
        assertEquals(8, checkpoint.step());
        assertEquals(ready.validationKey(), checkpoint.validationKey());
        assertEquals(ready.testKey(), checkpoint.testKey());
        assertEquals(finished.fineTunedModel(), checkpoint.fineTunedModel());
        assertTrue(Files.isDirectory(store.localPath(checkpoint.artifactKey())));
        try (var model = LanguageModel.load(store.localPath(checkpoint.artifactKey()))) {
            assertTrue(model.parameterCount() > 0);
        }

        given().get("/jobs/{id}", jobId).then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("step", equalTo(8))
                .body("checkpointId", equalTo(checkpoint.checkpointId()))
                .body("fineTunedModel", equalTo(finished.fineTunedModel()));
        given().get("/jobs/{id}", "ftjob-unknown").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("doppel_trainer_jobs_succeeded_total"))
                .body(containsString("doppel_trainer_jobs_running"));
    }

    @Test
    void aRedeliveredEventStartsNoSecondJobAndPoisonGoesToTheDeadLetterTopic() throws Throwable {
        DatasetReady ready = datasetWithSplits("tenant-dup", 4, 1);
        String payload = json.writeValueAsString(ready);
        kafka.send(Topics.DATASET_READY, ready.datasetId(), payload);
        kafka.send(Topics.DATASET_READY, ready.datasetId(), payload);
        String poison = "{not json " + ready.datasetId();
        // Same key, same partition: once the poison reached the DLQ, both copies were handled.
        kafka.send(Topics.DATASET_READY, ready.datasetId(), poison);

        kafka.await(DLQ, 1, r -> poison.equals(r.value()));
        assertEquals(1L, jobsOfDataset(ready.datasetId()));
        String jobId = createdJobId(ready.datasetId());
        assertEquals("succeeded", finished(jobId).status());
        assertEquals(1L, jobsOfDataset(ready.datasetId()));
    }

    @Test
    void aDatasetWithoutSplitFilesFailsTheJobAndTheServiceCarriesOn() throws Exception {
        String tenant = "tenant-missing";
        String datasetId = Ids.newId("ds");
        var ready = new DatasetReady(Ids.eventId(), tenant, Instant.now(), datasetId, Ids.newId("file"),
                ArtifactKeys.dataset(tenant, datasetId, "train"), ArtifactKeys.dataset(tenant, datasetId, "validation"),
                ArtifactKeys.dataset(tenant, datasetId, "test"), 10, 2, 2);
        kafka.send(Topics.DATASET_READY, datasetId, json.writeValueAsString(ready));

        String jobId = createdJobId(datasetId);
        JobFinished finished = finished(jobId);
        assertEquals("failed", finished.status());
        assertEquals("invalid_training_file", finished.error().code());
        assertTrue(finished.error().message().contains(ready.trainKey()), finished.error().message());
        JobProgressed last = progress(jobId, 3).getLast();
        assertEquals("error", last.level());
        assertEquals("failed", last.status());

        given().get("/jobs/{id}", jobId).then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("error.code", equalTo("invalid_training_file"));
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("SmallRye Reactive Messaging"))
                .body(containsString("Reactive PostgreSQL"));

        DatasetReady next = datasetWithSplits(tenant, 4, 1);
        kafka.send(Topics.DATASET_READY, next.datasetId(), json.writeValueAsString(next));
        assertEquals("succeeded", finished(createdJobId(next.datasetId())).status());
    }

    private DatasetReady datasetWithSplits(String tenant, int train, int validation) throws Exception {
        String datasetId = Ids.newId("ds");
        String trainKey = ArtifactKeys.dataset(tenant, datasetId, "train");
        String validationKey = ArtifactKeys.dataset(tenant, datasetId, "validation");
        String testKey = ArtifactKeys.dataset(tenant, datasetId, "test");
        put(trainKey, examples(train));
        put(validationKey, examples(validation));
        put(testKey, examples(validation));
        return new DatasetReady(Ids.eventId(), tenant, Instant.now(), datasetId, Ids.newId("file"), trainKey,
                validationKey, testKey, train, validation, validation);
    }

    private String createdJobId(String datasetId) throws Exception {
        var created = kafka.await(Topics.JOB_PROGRESSED, 1, r -> r.value().contains(datasetId)
                && r.value().contains("Created fine-tuning job"));
        JobProgressed event = read(created.getFirst(), JobProgressed.class);
        assertEquals("queued", event.status());
        assertEquals(event.jobId(), created.getFirst().key(), "keyed by job id");
        return event.jobId();
    }

    private JobFinished finished(String jobId) throws Exception {
        return read(kafka.await(Topics.JOB_FINISHED, 1, r -> jobId.equals(r.key())).getFirst(), JobFinished.class);
    }

    private List<JobProgressed> progress(String jobId, int expected) throws Exception {
        List<JobProgressed> events = new ArrayList<>();
        for (ConsumerRecord<String, String> r : kafka.await(Topics.JOB_PROGRESSED, expected, r -> jobId.equals(r.key()))) {
            events.add(read(r, JobProgressed.class));
        }
        return events;
    }

    private long jobsOfDataset(String datasetId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> TrainingJob.count("datasetId", datasetId)));
    }

    private <T> T read(ConsumerRecord<String, String> record, Class<T> type) throws Exception {
        return json.readValue(record.value(), type);
    }

    private void put(String key, List<Example> examples) throws Exception {
        var out = new ByteArrayOutputStream();
        ExamplesJsonl.write(examples, out);
        store.put(key, new ByteArrayInputStream(out.toByteArray()));
    }

    private static List<Example> examples(int n) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(new Example("Are you coming to the party tonight? (" + i + ")", "Yes, I'll be there around nine!"));
        }
        return examples;
    }
}
