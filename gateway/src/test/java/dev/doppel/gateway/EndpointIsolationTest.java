package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

/**
 * Every gateway endpoint, one row each, against real Keycloak tokens: 401 in OpenAI's shape without credentials,
 * 403 with the wrong role, and 404 when alice names one of bob's resources (where the endpoint takes an id).
 * A new endpoint gets a row here.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(EvaluatorStub.class)
class EndpointIsolationTest {
    private static final String TENANT = "tenant";
    private static final String REVIEWER = "reviewer";

    /** Bob's resources, which alice must not reach. */
    record Foreign(String file, String job, String model, String evaluation, String apiKey) {
    }

    /**
     * @param path with {file}, {job}, {model}, {evaluation}, {key} standing for bob's ids; null when the endpoint takes none
     */
    record Row(String method, String path, String role, boolean takesId, BiFunction<RequestSpecification, Foreign, RequestSpecification> body) {
        String resolve(Foreign bob) {
            return path.replace("{file}", bob.file()).replace("{job}", bob.job()).replace("{model}", bob.model())
                    .replace("{evaluation}", bob.evaluation()).replace("{key}", bob.apiKey());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Inject
    ObjectMapper json;

    static List<Row> endpoints() {
        BiFunction<RequestSpecification, Foreign, RequestSpecification> none = (r, bob) -> r;
        BiFunction<RequestSpecification, Foreign, RequestSpecification> upload = (r, bob) -> r.multiPart("purpose", "fine-tune")
                .multiPart("file", "x.jsonl", "{\"prompt\":\"a\",\"completion\":\"b\"}\n".getBytes());
        BiFunction<RequestSpecification, Foreign, RequestSpecification> rawExport = (r, bob) -> r.multiPart("me", "Alex")
                .multiPart("file", "chat.txt", "[01/02/2024, 10:00:00] Sam: hi\n[01/02/2024, 10:01:00] Alex: hey\n".getBytes());
        BiFunction<RequestSpecification, Foreign, RequestSpecification> job = (r, bob) -> r.contentType(ContentType.JSON)
                .body(Map.of("model", "doppel-scratch", "training_file", "file-none"));
        BiFunction<RequestSpecification, Foreign, RequestSpecification> chat = (r, bob) -> r.contentType(ContentType.JSON)
                .body(Map.of("model", bob.model(), "messages", List.of(Map.of("role", "user", "content", "hi"))));
        BiFunction<RequestSpecification, Foreign, RequestSpecification> completion = (r, bob) -> r.contentType(ContentType.JSON)
                .body(Map.of("model", bob.model(), "prompt", "hi"));
        BiFunction<RequestSpecification, Foreign, RequestSpecification> empty = (r, bob) -> r.contentType(ContentType.JSON).body("{}");
        BiFunction<RequestSpecification, Foreign, RequestSpecification> ranking = (r, bob) -> r.contentType(ContentType.JSON)
                .body(Map.of("ranking", List.of("rcand-a")));
        BiFunction<RequestSpecification, Foreign, RequestSpecification> turing = (r, bob) -> r.contentType(ContentType.JSON)
                .body(Map.of("human", "rcand-a"));
        return List.of(
                new Row("GET", "/v1/files", TENANT, false, none),
                new Row("POST", "/v1/files", TENANT, false, upload),
                new Row("GET", "/v1/files/{file}", TENANT, true, none),
                new Row("DELETE", "/v1/files/{file}", TENANT, true, none),
                new Row("GET", "/v1/files/{file}/content", TENANT, true, none),
                new Row("GET", "/v1/files/{file}/report", TENANT, true, none),
                new Row("POST", "/v1/doppel/files", TENANT, false, rawExport),
                new Row("GET", "/v1/doppel/files/{file}/report", TENANT, true, none),
                new Row("POST", "/v1/fine_tuning/jobs", TENANT, false, job),
                new Row("GET", "/v1/fine_tuning/jobs", TENANT, false, none),
                new Row("GET", "/v1/fine_tuning/jobs/{job}", TENANT, true, none),
                new Row("POST", "/v1/fine_tuning/jobs/{job}/cancel", TENANT, true, none),
                new Row("GET", "/v1/fine_tuning/jobs/{job}/events", TENANT, true, none),
                new Row("GET", "/v1/fine_tuning/jobs/{job}/events?stream=true", TENANT, true, none),
                new Row("GET", "/v1/fine_tuning/jobs/{job}/checkpoints", TENANT, true, none),
                new Row("GET", "/v1/models", TENANT, false, none),
                new Row("GET", "/v1/models/{model}", TENANT, true, none),
                new Row("DELETE", "/v1/models/{model}", TENANT, true, none),
                new Row("POST", "/v1/chat/completions", TENANT, true, chat),
                new Row("POST", "/v1/completions", TENANT, true, completion),
                new Row("GET", "/v1/doppel/models/{model}/evaluation", TENANT, true, none),
                new Row("GET", "/v1/doppel/models/{model}/evaluations", TENANT, true, none),
                new Row("GET", "/v1/doppel/models/{model}/review_statistics", TENANT, true, none),
                new Row("GET", "/v1/doppel/evaluations/{evaluation}/samples", TENANT, true, none),
                new Row("POST", "/v1/doppel/api_keys", TENANT, false, empty),
                new Row("GET", "/v1/doppel/api_keys", TENANT, false, none),
                new Row("DELETE", "/v1/doppel/api_keys/{key}", TENANT, true, none),
                // Review tasks belong to no tenant (reviewers never learn whose model they judge): no 404 column.
                new Row("POST", "/v1/doppel/reviews/next", REVIEWER, false, empty),
                new Row("POST", "/v1/doppel/reviews/tasks/rtask-x/ranking", REVIEWER, false, ranking),
                new Row("POST", "/v1/doppel/reviews/tasks/rtask-x/turing", REVIEWER, false, turing));
    }

    @Test
    void everyEndpointRefusesStrangersWrongRolesAndOtherTenantsIds() throws Exception {
        String alice = Pipeline.alice();
        String bob = Pipeline.bob();
        String rita = Pipeline.rita();
        Foreign bobs;
        try (var pipeline = new Pipeline(json)) {
            var owned = pipeline.published("tenant-b", bob);
            String key = given().auth().oauth2(bob).contentType(ContentType.JSON).body("{}").post("/v1/doppel/api_keys")
                    .then().statusCode(201).extract().path("id");
            bobs = new Foreign(Uploads.upload(bob, "bob.jsonl"), owned.jobId(), owned.model(), owned.evaluationId(), key);
        }

        List<Executable> checks = new ArrayList<>();
        for (Row row : endpoints()) {
            String path = row.resolve(bobs);
            checks.add(() -> call(given(), row, path, bobs).then().statusCode(401)
                    .body("error.type", equalTo("authentication_error")).body("error.message", notNullValue()));
            String wrongRole = TENANT.equals(row.role()) ? rita : alice;
            checks.add(() -> call(given().auth().oauth2(wrongRole), row, path, bobs).then().statusCode(403)
                    .body("error.type", equalTo("permission_error")));
            if (row.takesId()) {
                checks.add(() -> call(given().auth().oauth2(alice), row, path, bobs).then().statusCode(404)
                        .body("error.type", equalTo("invalid_request_error")));
            }
        }
        assertAll(checks);
        // Bob's resources are all still there for bob.
        given().auth().oauth2(bob).get("/v1/models/" + bobs.model()).then().statusCode(200);
        given().auth().oauth2(bob).get("/v1/files/" + bobs.file()).then().statusCode(200);
        given().auth().oauth2(bob).get("/v1/doppel/api_keys").then().body("data.id", org.hamcrest.Matchers.hasItem(bobs.apiKey()));
    }

    private static io.restassured.response.Response call(RequestSpecification request, Row row, String path, Foreign bobs) {
        return row.body().apply(request, bobs).request(row.method(), path);
    }
}
