package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.FileSystemArtifactStore;
import dev.doppel.events.Ids;
import dev.doppel.events.ModelPublished;
import dev.doppel.events.Topics;
import dev.doppel.lm.ByteTokenizer;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.LanguageModel;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real tiny checkpoint (random weights, byte tokenizer, 128 tokens of context) published for tenant-a as the
 * evaluator would, and a reader for server-sent event streams as OpenAI's clients parse them.
 */
final class ServingTestModels {
    static final int CONTEXT = 128;

    /** Publishes a new ready model for tenant-a and waits until alice can see it. */
    static String publishTinyModel(ObjectMapper json, Path artifactsDir, String aliceToken) throws Exception {
        String jobId = Ids.newId("ftjob");
        String model = "ft:doppel-scratch:tenant-a::" + jobId.substring("ftjob-".length());
        String key = ArtifactKeys.checkpoint("tenant-a", jobId, "ftckpt-1");
        Path dir = Files.createTempDirectory("ckpt");
        var tokenizer = new ByteTokenizer();
        GptConfig config = GptConfig.tiny(tokenizer.vocabSize());
        if (config.blockSize() != CONTEXT) {
            throw new IllegalStateException("the tests assume a context of " + CONTEXT + " tokens");
        }
        try (var checkpoint = LanguageModel.create(config, tokenizer, 1)) {
            checkpoint.save(dir);
        }
        new FileSystemArtifactStore(artifactsDir).putDirectory(key, dir);
        var published = new ModelPublished(Ids.eventId(), "tenant-a", Instant.now(), model, jobId, "ftckpt-1",
                model + ":ckpt-step-1", 1, key, "eval-1", 2.0, null, "ds-1", "s");
        try (var kafka = new TestKafka(KafkaResource.bootstrapServers(), List.of())) {
            kafka.send(Topics.MODEL_PUBLISHED, published.key(), json.writeValueAsString(published));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(aliceToken)
                .get("/v1/models").then().statusCode(200).body("data.id", hasItem(model)));
        return model;
    }

    /**
     * The events of an SSE body, checked to be framed as OpenAI frames them: every event one {@code data: }
     * line followed by a blank line, the last one {@code [DONE]} (not included in the result).
     */
    static List<JsonNode> events(ObjectMapper json, String body) throws Exception {
        if (!body.endsWith("data: [DONE]\n\n")) {
            throw new AssertionError("the stream does not end with data: [DONE]: ..."
                    + body.substring(Math.max(0, body.length() - 80)));
        }
        List<JsonNode> events = new ArrayList<>();
        String[] frames = body.split("\n\n", -1);
        for (int i = 0; i < frames.length - 2; i++) { // the last frame is [DONE], then the empty rest
            String frame = frames[i];
            if (!frame.startsWith("data: ") || frame.contains("\n")) {
                throw new AssertionError("not a single data line: " + frame);
            }
            events.add(json.readTree(frame.substring("data: ".length())));
        }
        return events;
    }

    private ServingTestModels() {
    }
}
