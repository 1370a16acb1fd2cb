package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/completions}, OpenAI's legacy prompt API, against a real tiny checkpoint. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
class CompletionsTest {
    private static String model;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "doppel.artifacts.dir")
    Path artifactsDir;

    private String alice;

    @BeforeEach
    void publishModel() throws Exception {
        alice = KeycloakResource.accessToken("alice", "alice-password");
        if (model == null) {
            model = ServingTestModels.publishTinyModel(json, artifactsDir, alice);
        }
    }

    private Map<String, Object> completion(Object... fields) {
        Map<String, Object> body = new HashMap<>(Map.of("model", model, "prompt", "are you coming tonight?"));
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return body;
    }

    private Response post(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/v1/completions");
    }

    @Test
    void aPlainCompletionIsATextCompletionObject() {
        post(alice, completion("seed", 4)).then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("object", equalTo("text_completion"))
                .body("id", startsWith("cmpl"))
                .body("model", equalTo(model))
                .body("choices", hasSize(1))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].logprobs", nullValue())
                .body("choices[0].text", org.hamcrest.Matchers.notNullValue())
                // OpenAI's default of 16 tokens; the raw prompt is 23 bytes plus <user> and <assistant>.
                .body("usage.completion_tokens", lessThanOrEqualTo(16))
                .body("usage.prompt_tokens", equalTo(25));
        post(alice, completion("prompt", List.of("are you coming tonight?"), "max_tokens", 3, "n", 2)).then()
                .statusCode(200).body("choices", hasSize(2)).body("usage.completion_tokens", lessThanOrEqualTo(6));
    }

    @Test
    void aStreamedCompletionAddsUpToThePlainOne() throws Exception {
        String text = post(alice, completion("temperature", 0, "max_tokens", 20)).then().statusCode(200)
                .extract().path("choices[0].text");
        String body = post(alice, completion("temperature", 0, "max_tokens", 20, "stream", true,
                "stream_options", Map.of("include_usage", true))).then().statusCode(200)
                .contentType(startsWith("text/event-stream")).extract().asString();
        List<JsonNode> events = ServingTestModels.events(json, body);
        StringBuilder streamed = new StringBuilder();
        for (JsonNode event : events.subList(0, events.size() - 1)) {
            assertEquals("text_completion", event.get("object").asText());
            assertTrue(event.at("/choices/0/logprobs").isNull());
            streamed.append(event.at("/choices/0/text").asText());
        }
        assertEquals(text, streamed.toString());
        JsonNode last = events.get(events.size() - 2);
        assertTrue(List.of("stop", "length").contains(last.at("/choices/0/finish_reason").asText()));
        JsonNode usage = events.getLast().get("usage");
        assertEquals(25, usage.get("prompt_tokens").asInt());
    }

    @Test
    void anotherTenantsModelIs404AndUnsupportedParametersAre400() {
        String bob = KeycloakResource.accessToken("bob", "bob-password");
        post(bob, completion()).then().statusCode(404).body("error.code", equalTo("model_not_found"))
                .body("error.param", equalTo("model"));
        post(bob, completion("stream", true)).then().statusCode(404).contentType(startsWith("application/json"));
        post(alice, completion("echo", true)).then().statusCode(400).body("error.param", equalTo("echo"));
        post(alice, completion("max_tokens", 120)).then().statusCode(400)
                .body("error.code", equalTo("context_length_exceeded")).body("error.param", equalTo("prompt"));
    }
}
