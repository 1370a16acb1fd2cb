package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Oversized bodies answer 413 in OpenAI's shape. The test configuration lowers the limits
 * ({@code %test.} in application.properties: uploads 2M, JSON 64K) so that a test need not send 64 MB.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(EvaluatorStub.class)
class BodyLimitsTest {
    @TestHTTPResource("/")
    URI base;

    @Test
    void anOversizedUploadIs413InOpenAiShape() {
        given().auth().oauth2(Pipeline.alice())
                .multiPart("purpose", "fine-tune")
                .multiPart("file", "big.jsonl", new byte[3 * 1024 * 1024])
                .post("/v1/files").then().statusCode(413)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("request_too_large"))
                .body("error.message", notNullValue());
    }

    /** With a Content-Length the body is refused before it is read (RestAssured's multipart above is chunked). */
    @Test
    void aDeclaredOversizedLengthIsRefusedUpFront() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/v1/files"))
                        .header("Authorization", "Bearer " + Pipeline.alice())
                        .header("Content-Type", "multipart/form-data; boundary=xyz")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(response.body().contains("\"code\":\"request_too_large\""), response.body());
        assertTrue(response.body().contains("\"type\":\"invalid_request_error\""), response.body());
    }

    @Test
    void jsonBodiesHaveASmallerLimit() {
        String alice = Pipeline.alice();
        String big = "{\"model\":\"ft:x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(100_000) + "\"}]}";
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(big)
                .post("/v1/chat/completions").then().statusCode(413)
                .body("error.code", equalTo("request_too_large"));
        // Under the JSON limit the request reaches the endpoint (here: an unknown model).
        String small = "{\"model\":\"ft:x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(1_000) + "\"}]}";
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(small)
                .post("/v1/chat/completions").then().statusCode(404);
        // A multipart upload may be bigger than the JSON limit.
        given().auth().oauth2(alice).multiPart("purpose", "fine-tune")
                .multiPart("file", "medium.jsonl", ("{\"prompt\":\"" + "b".repeat(200_000) + "\",\"completion\":\"c\"}\n").getBytes())
                .post("/v1/files").then().statusCode(200);
    }
}
