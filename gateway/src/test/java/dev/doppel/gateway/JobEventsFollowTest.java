package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.events.Ids;
import dev.doppel.events.JobFinished;
import dev.doppel.events.JobProgressed;
import dev.doppel.events.Topics;
import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Following a job's events over SSE while the trainer's events arrive on the real Kafka: the stored events come
 * first, new ones follow in order, and the stream ends after the job's final event.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(EvaluatorStub.class)
class JobEventsFollowTest {
    @Inject
    ObjectMapper json;

    @TestHTTPResource("/")
    URI base;

    @Test
    void eventsProducedWhileFollowingArriveInOrderAndTheStreamClosesWhenTheJobEnds() throws Exception {
        String alice = Pipeline.alice();
        try (var pipeline = new Pipeline(json)) {
            Instant start = Instant.now();
            String jobId = pipeline.job("tenant-a", alice, start);

            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(base.resolve("/v1/fine_tuning/jobs/" + jobId + "/events?stream=true"))
                            .header("Authorization", "Bearer " + alice).GET().build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(lines)));
            // The stored event comes first.
            await().atMost(Pipeline.PROJECTED).until(() -> data(lines).size() >= 1);

            pipeline.produce(Topics.JOB_PROGRESSED, Pipeline.progress("tenant-a", jobId, start.plusSeconds(1), 2, 4));
            pipeline.produce(Topics.JOB_PROGRESSED, Pipeline.progress("tenant-a", jobId, start.plusSeconds(2), 3, 4));
            await().atMost(Pipeline.PROJECTED).until(() -> data(lines).size() >= 3);
            assertTrue(!stream.isDone(), "the stream stays open while the job runs");

            // As the trainer ends a job: its last message on the progress topic, its final status on another.
            pipeline.produce(Topics.JOB_PROGRESSED, new JobProgressed(Ids.eventId(), "tenant-a", start.plusSeconds(3), jobId,
                    "file-x", "ds-1", "succeeded", "info", "The job has successfully completed", JobProgressed.TYPE_MESSAGE,
                    null));
            pipeline.produce(Topics.JOB_FINISHED, new JobFinished(Ids.eventId(), "tenant-a", start.plusSeconds(3),
                    jobId, "succeeded", "ft:doppel-scratch:tenant-a::x", 100, null));
            HttpResponse<Void> response = stream.get(Pipeline.PROJECTED.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));

            List<JsonNode> events = data(lines);
            assertEquals(4, events.size(), "three steps and the trainer's last message, once: " + lines);
            for (int step = 1; step <= 3; step++) {
                JsonNode event = events.get(step - 1);
                assertEquals("fine_tuning.job.event", event.get("object").asText());
                assertEquals("metrics", event.get("type").asText());
                assertEquals(step, event.get("data").get("step").asInt());
            }
            JsonNode last = events.get(3);
            assertEquals("message", last.get("type").asText());
            assertTrue(last.get("message").asText().startsWith("The job has successfully completed"), last.toString());

            // The JSON list holds the same events, newest first, paged.
            given().auth().oauth2(alice).get("/v1/fine_tuning/jobs/" + jobId + "/events").then().statusCode(200)
                    .body("object", equalTo("list")).body("data", hasSize(4))
                    .body("data[0].id", equalTo(last.get("id").asText()));
            given().auth().oauth2(alice).queryParam("limit", 1).get("/v1/fine_tuning/jobs/" + jobId + "/events")
                    .then().body("data", hasSize(1)).body("has_more", equalTo(true));
            // Following a job that has ended replays its events and closes at once.
            given().auth().oauth2(alice).accept("text/event-stream").get("/v1/fine_tuning/jobs/" + jobId + "/events")
                    .then().statusCode(200).body(org.hamcrest.Matchers.containsString("The job has successfully completed"));
            // Another tenant's job is a 404 in OpenAI's shape, not an empty stream.
            given().auth().oauth2(Pipeline.bob()).get("/v1/fine_tuning/jobs/" + jobId + "/events?stream=true")
                    .then().statusCode(404).body("error.code", equalTo("not_found"));
        }
    }

    private List<JsonNode> data(List<String> lines) throws Exception {
        var events = new ArrayList<JsonNode>();
        for (String line : lines) {
            if (line.startsWith("data:")) {
                events.add(json.readTree(line.substring("data:".length()).trim()));
            }
        }
        return events;
    }

    private record LineCollector(List<String> lines) implements java.util.concurrent.Flow.Subscriber<String> {
        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
