package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.events.Ids;
import dev.doppel.events.ModelPublished;
import dev.doppel.events.Topics;
import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code DELETE /v1/models/{id}}: the owner's fine-tuned model goes; base models and other tenants' models stay. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(EvaluatorStub.class)
class ModelsDeleteTest {
    @Inject
    ObjectMapper json;

    @Test
    void theOwnerDeletesAFineTunedModelAndItIsGoneEverywhere() throws Exception {
        String alice = Pipeline.alice();
        String bob = Pipeline.bob();
        try (var pipeline = new Pipeline(json)) {
            var owned = pipeline.published("tenant-a", alice);
            String model = owned.model();

            given().auth().oauth2(bob).delete("/v1/models/" + model).then().statusCode(404)
                    .body("error.code", equalTo("model_not_found"));
            given().auth().oauth2(alice).delete("/v1/models/doppel-scratch").then().statusCode(403)
                    .body("error.type", equalTo("permission_error"));

            given().auth().oauth2(alice).delete("/v1/models/" + model).then().statusCode(200)
                    .body("id", equalTo(model)).body("object", equalTo("model")).body("deleted", equalTo(true));
            given().auth().oauth2(alice).get("/v1/models").then().body("data.id", not(hasItem(model)))
                    .body("data.id", hasItem("doppel-scratch"));
            given().auth().oauth2(alice).get("/v1/models/" + model).then().statusCode(404);
            given().auth().oauth2(alice).contentType(ContentType.JSON)
                    .body(Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", "hi"))))
                    .post("/v1/chat/completions").then().statusCode(404).body("error.param", equalTo("model"));
            given().auth().oauth2(alice).delete("/v1/models/" + model).then().statusCode(404);

            // A later publication of the same job's model does not bring it back.
            pipeline.produce(Topics.MODEL_PUBLISHED, new ModelPublished(Ids.eventId(), "tenant-a", Instant.now(), model,
                    owned.jobId(), "ftckpt-2", model + ":ckpt-step-2", 2, "k", owned.evaluationId(), 1.0, "ftckpt-1",
                    "ds-1", "validation"));
            // Awaiting a non-event: the test topics have one partition, so once a model published after it is
            // listed, the first publication has been consumed.
            var marker = pipeline.published("tenant-a", alice);
            given().auth().oauth2(alice).get("/v1/models").then().body("data.id", hasItem(marker.model()))
                    .body("data.id", not(hasItem(model)));
        }
    }
}
