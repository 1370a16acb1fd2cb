package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.localstack.OidcTokens;
import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's proxy to the evaluator's internal API. The evaluator here is {@link EvaluatorStub}, a recording
 * HTTP server (a test double of another service, used for the proxy tests only): the tests check what the gateway
 * forwards (the reviewer from the token, the tenant from the token) and how it translates the answers. Keycloak,
 * Kafka and PostgreSQL are real.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(EvaluatorStub.class)
class ReviewProxyTest {
    private static final String TASK = "{\"kind\":\"ranking\",\"taskId\":\"rtask-1\",\"prompt\":\"coming tonight?\","
            + "\"candidates\":[{\"id\":\"rcand-a\",\"text\":\"yes!\"},{\"id\":\"rcand-b\",\"text\":\"maybe\"}],"
            + "\"leaseUntil\":\"2030-01-01T00:00:00Z\"}";

    @Inject
    ObjectMapper json;

    @BeforeEach
    void reset() {
        EvaluatorStub.reset();
    }

    @Test
    void aReviewerWorksThroughTheQueueUnderTheirOwnId() throws Exception {
        String rita = Pipeline.rita();
        String subject = OidcTokens.claims(rita).get("sub").asText();
        EvaluatorStub.answer("POST", "/reviews/next", 200, TASK);
        given().auth().oauth2(rita).post("/v1/doppel/reviews/next").then().statusCode(200)
                .body("taskId", equalTo("rtask-1")).body("candidates", hasSize(2));
        assertEquals(subject, forwarded(0).get("reviewer").asText());

        EvaluatorStub.answer("POST", "/reviews/tasks/rtask-1/ranking", 200,
                "{\"taskId\":\"rtask-1\",\"kind\":\"ranking\",\"reviewer\":\"" + subject + "\",\"ranking\":[\"rcand-b\",\"rcand-a\"],\"repeat\":false,\"submittedAt\":\"2030-01-01T00:00:00Z\"}");
        given().auth().oauth2(rita).contentType(ContentType.JSON).body(Map.of("ranking", List.of("rcand-b", "rcand-a")))
                .post("/v1/doppel/reviews/tasks/rtask-1/ranking").then().statusCode(200).body("repeat", equalTo(false));
        JsonNode ranking = forwarded(1);
        assertEquals(subject, ranking.get("reviewer").asText());
        assertEquals(List.of("rcand-b", "rcand-a"), List.of(ranking.get("ranking").get(0).asText(), ranking.get("ranking").get(1).asText()));
        assertEquals("/reviews/tasks/rtask-1/ranking", EvaluatorStub.seen().get(1).pathAndQuery());

        EvaluatorStub.answer("POST", "/reviews/tasks/rtask-2/turing", 200,
                "{\"taskId\":\"rtask-2\",\"kind\":\"turing\",\"reviewer\":\"" + subject + "\",\"human\":\"rcand-c\",\"repeat\":true}");
        given().auth().oauth2(rita).contentType(ContentType.JSON).body(Map.of("human", "rcand-c"))
                .post("/v1/doppel/reviews/tasks/rtask-2/turing").then().statusCode(200).body("repeat", equalTo(true));
        assertEquals("rcand-c", forwarded(2).get("human").asText());

        // Nothing left: 204, empty.
        EvaluatorStub.answer("POST", "/reviews/next", 204, null);
        given().auth().oauth2(rita).contentType(ContentType.JSON).body("{}").post("/v1/doppel/reviews/next")
                .then().statusCode(204);
    }

    @Test
    void theReviewerNeverComesFromTheBody() {
        given().auth().oauth2(Pipeline.rita()).contentType(ContentType.JSON)
                .body(Map.of("reviewer", "someone-else", "ranking", List.of("rcand-a")))
                .post("/v1/doppel/reviews/tasks/rtask-1/ranking").then().statusCode(400)
                .body("error.param", equalTo("reviewer"));
        assertTrue(EvaluatorStub.seen().isEmpty(), "nothing was forwarded");
    }

    @Test
    void evaluatorErrorsKeepTheirStatusInOpenAiShape() {
        String rita = Pipeline.rita();
        EvaluatorStub.answer("POST", "/reviews/tasks/rtask-1/ranking", 400,
                "{\"error\":{\"code\":\"unknown_candidate\",\"message\":\"rcand-z is not a candidate of rtask-1\",\"param\":\"ranking[0]\"}}");
        given().auth().oauth2(rita).contentType(ContentType.JSON).body(Map.of("ranking", List.of("rcand-z")))
                .post("/v1/doppel/reviews/tasks/rtask-1/ranking").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("unknown_candidate"))
                .body("error.param", equalTo("ranking[0]"))
                .body("error.message", equalTo("rcand-z is not a candidate of rtask-1"));
        // An unknown task: the stub's 404 body is the evaluator's error shape.
        given().auth().oauth2(rita).contentType(ContentType.JSON).body(Map.of("human", "rcand-a"))
                .post("/v1/doppel/reviews/tasks/rtask-none/turing").then().statusCode(404)
                .body("error.code", equalTo("not_found"));
        EvaluatorStub.answer("POST", "/reviews/next", 500, "");
        given().auth().oauth2(rita).post("/v1/doppel/reviews/next").then().statusCode(500)
                .body("error.type", equalTo("server_error"));
    }

    @Test
    void tenantsCannotReviewAndReviewersCannotReadTenantData() {
        given().auth().oauth2(Pipeline.alice()).post("/v1/doppel/reviews/next").then().statusCode(403)
                .body("error.type", equalTo("permission_error"));
        given().post("/v1/doppel/reviews/next").then().statusCode(401).body("error.type", equalTo("authentication_error"));
        assertTrue(EvaluatorStub.seen().isEmpty());
    }

    @Test
    void samplesAndReviewStatisticsForTheOwningTenantOnly() throws Exception {
        String alice = Pipeline.alice();
        String bob = Pipeline.bob();
        Pipeline.Owned owned;
        try (var pipeline = new Pipeline(json)) {
            owned = pipeline.published("tenant-a", alice);
        }
        EvaluatorStub.answer("GET", "/evaluations/" + owned.evaluationId() + "/samples", 200,
                "[{\"position\":0,\"prompt\":\"coming tonight?\",\"reference\":\"yes, 8pm\","
                        + "\"model\":{\"text\":\"yes\",\"bleu\":12.5,\"chrf\":30.1},"
                        + "\"baseline\":{\"text\":\"no\",\"bleu\":0.0,\"chrf\":5.2}}]");
        given().auth().oauth2(alice).get("/v1/doppel/evaluations/" + owned.evaluationId() + "/samples").then()
                .statusCode(200).body("object", equalTo("list")).body("has_more", equalTo(false))
                .body("data", hasSize(1))
                .body("data[0].reference", equalTo("yes, 8pm"))
                .body("data[0].model.bleu", equalTo(12.5f))
                .body("data[0].baseline.chrf", equalTo(5.2f));
        int asked = EvaluatorStub.seen().size();
        given().auth().oauth2(bob).get("/v1/doppel/evaluations/" + owned.evaluationId() + "/samples").then()
                .statusCode(404).body("error.code", equalTo("not_found"));
        assertEquals(asked, EvaluatorStub.seen().size(), "another tenant's request never reaches the evaluator");

        EvaluatorStub.answer("GET", "/reviews/statistics", 200,
                "{\"model\":\"" + owned.model() + "\",\"checkpoint\":null,\"counts\":{\"tasks\":4},\"agreement\":{},\"turing\":{},\"humanReply\":null}");
        given().auth().oauth2(alice).get("/v1/doppel/models/" + owned.model() + "/review_statistics").then()
                .statusCode(200).body("counts.tasks", equalTo(4)).body("humanReply", nullValue());
        String query = EvaluatorStub.seen().getLast().pathAndQuery();
        assertTrue(query.contains("tenant=tenant-a") && query.contains("model="), query);
        given().auth().oauth2(bob).get("/v1/doppel/models/" + owned.model() + "/review_statistics").then().statusCode(404);
        given().auth().oauth2(Pipeline.rita()).get("/v1/doppel/models/" + owned.model() + "/review_statistics").then().statusCode(403);
    }

    @Test
    void anEvaluatorThatCannotBeReachedIsA503() {
        Runnable restart = EvaluatorStub.pause();
        try {
            given().auth().oauth2(Pipeline.rita()).post("/v1/doppel/reviews/next").then().statusCode(503)
                    .body("error.type", equalTo("server_error"))
                    .body("error.code", equalTo("service_unavailable"));
        } finally {
            restart.run();
        }
    }

    private static JsonNode forwarded(int index) throws Exception {
        return new ObjectMapper().readTree(EvaluatorStub.seen().get(index).body());
    }
}
