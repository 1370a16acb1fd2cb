package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/chat/completions} against a real tiny checkpoint, Keycloak, Kafka and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
class ChatCompletionsTest {
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

    private Map<String, Object> chat(Object... fields) {
        Map<String, Object> body = new HashMap<>(Map.of("model", model,
                "messages", List.of(Map.of("role", "system", "content", "be brief"),
                        Map.of("role", "user", "content", "dinner?"),
                        Map.of("role", "assistant", "content", "sure"),
                        Map.of("role", "user", "content", "8pm?"))));
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return body;
    }

    private Response post(Map<String, Object> body) {
        return given().auth().oauth2(alice).contentType(ContentType.JSON).body(body).post("/v1/chat/completions");
    }

    @Test
    void aStreamedReplyIsTheWholeReplyInOpenAisChunks() throws Exception {
        JsonNode whole = json.readTree(post(chat("temperature", 0, "max_tokens", 24, "seed", 3)).then()
                .statusCode(200).contentType(startsWith("application/json"))
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.role", equalTo("assistant"))
                .extract().asString());
        String text = whole.at("/choices/0/message/content").asText();

        String body = post(chat("temperature", 0, "max_tokens", 24, "seed", 3, "stream", true,
                "stream_options", Map.of("include_usage", true))).then()
                .statusCode(200).contentType(startsWith("text/event-stream"))
                .extract().asString();
        List<JsonNode> events = ServingTestModels.events(json, body);
        JsonNode first = events.getFirst();
        assertEquals("chat.completion.chunk", first.get("object").asText());
        assertEquals("assistant", first.at("/choices/0/delta/role").asText());
        StringBuilder streamed = new StringBuilder();
        String finishReason = null;
        for (JsonNode event : events.subList(0, events.size() - 1)) {
            assertEquals(first.get("id"), event.get("id"));
            assertEquals(model, event.get("model").asText());
            JsonNode choice = event.at("/choices/0");
            streamed.append(choice.path("delta").path("content").asText(""));
            if (!choice.get("finish_reason").isNull()) {
                finishReason = choice.get("finish_reason").asText();
            }
        }
        assertEquals(text, streamed.toString());
        assertEquals(whole.at("/choices/0/finish_reason").asText(), finishReason);
        JsonNode usage = events.getLast();
        assertEquals(0, usage.get("choices").size());
        assertEquals(whole.get("usage"), usage.get("usage"));
        assertTrue(events.size() >= 3, "role, at least one delta or finish, usage: " + events.size());
    }

    @Test
    void theAcceptHeaderOfficialClientsSendDoesNotDecideTheFormatTheStreamFieldDoes() {
        // The openai npm and Python clients send Accept: application/json, streaming or not.
        for (String accept : List.of("application/json", "text/event-stream")) {
            given().auth().oauth2(alice).contentType(ContentType.JSON).accept(accept)
                    .body(chat("max_tokens", 4, "seed", 1)).post("/v1/chat/completions").then()
                    .statusCode(200).contentType(startsWith("application/json")).body("object", equalTo("chat.completion"));
            given().auth().oauth2(alice).contentType(ContentType.JSON).accept(accept)
                    .body(chat("max_tokens", 4, "seed", 1, "stream", true)).post("/v1/chat/completions").then()
                    .statusCode(200).contentType(startsWith("text/event-stream"))
                    .body(org.hamcrest.Matchers.endsWith("data: [DONE]\n\n"));
            given().auth().oauth2(alice).contentType(ContentType.JSON).accept(accept)
                    .body(Map.of("model", model, "prompt", "hi", "max_tokens", 4)).post("/v1/completions").then()
                    .statusCode(200).contentType(startsWith("application/json")).body("object", equalTo("text_completion"));
        }
    }

    @Test
    void usageCountsRealTokens() {
        int promptTokens = post(chat("max_tokens", 5, "seed", 1)).then().statusCode(200)
                .extract().path("usage.prompt_tokens");
        // The byte tokenizer makes one token per byte, plus <user> and <assistant>: the rendered prompt is
        // "system: be brief\nuser: dinner?\nassistant: sure\n\n8pm?".
        assertEquals("system: be brief\nuser: dinner?\nassistant: sure\n\n8pm?".length() + 2, promptTokens);
    }

    @Test
    void nThreeGivesThreeChoicesCountedInUsage() {
        Response response = post(chat("n", 3, "max_tokens", 6, "temperature", 1.5, "seed", 11));
        response.then().statusCode(200).body("choices", hasSize(3)).body("choices.index", equalTo(List.of(0, 1, 2)));
        List<String> reasons = response.path("choices.finish_reason");
        int completionTokens = response.path("usage.completion_tokens");
        long atLength = reasons.stream().filter("length"::equals).count();
        assertTrue(completionTokens >= 6 * atLength && completionTokens <= 18, "completion tokens " + completionTokens);
        int promptTokens = response.path("usage.prompt_tokens");
        assertEquals(promptTokens + completionTokens, (int) response.path("usage.total_tokens"));

        String body = post(chat("n", 3, "max_tokens", 6, "seed", 11, "stream", true)).then().statusCode(200)
                .extract().asString();
        var indexes = new TreeSet<Integer>();
        var finished = new TreeSet<Integer>();
        try {
            for (JsonNode event : ServingTestModels.events(json, body)) {
                int index = event.at("/choices/0/index").asInt();
                indexes.add(index);
                if (!event.at("/choices/0/finish_reason").isNull()) {
                    finished.add(index);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(new TreeSet<>(List.of(0, 1, 2)), indexes);
        assertEquals(indexes, finished);
    }

    @Test
    void aStopSequenceCutsTheReply() {
        String text = post(chat("temperature", 0, "max_tokens", 40, "seed", 5)).then().statusCode(200)
                .extract().path("choices[0].message.content");
        assertTrue(text.length() >= 6, "the greedy reply is long enough to cut: '" + text + "'");
        String stop = text.substring(4, 6);
        String expected = text.substring(0, text.indexOf(stop));
        post(chat("temperature", 0, "max_tokens", 40, "seed", 5, "stop", List.of("never-there", stop)))
                .then().statusCode(200)
                .body("choices[0].message.content", equalTo(expected))
                .body("choices[0].finish_reason", equalTo("stop"));
        String streamed = post(chat("temperature", 0, "max_tokens", 40, "seed", 5, "stop", stop, "stream", true))
                .then().statusCode(200).extract().asString();
        StringBuilder content = new StringBuilder();
        try {
            ServingTestModels.events(json, streamed)
                    .forEach(e -> content.append(e.at("/choices/0/delta/content").asText("")));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(expected, content.toString());
    }

    @Test
    void promptPlusMaxTokensBeyondTheContextIs400ContextLengthExceeded() {
        post(chat("max_tokens", 200)).then().statusCode(400)
                .body("error.code", equalTo("context_length_exceeded"))
                .body("error.param", equalTo("messages"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("maximum context length is " + ServingTestModels.CONTEXT));
        Map<String, Object> longPrompt = new HashMap<>(chat());
        longPrompt.put("messages", List.of(Map.of("role", "user", "content", "x".repeat(ServingTestModels.CONTEXT))));
        post(longPrompt).then().statusCode(400).body("error.code", equalTo("context_length_exceeded"));
        // A streamed request learns it as an ordinary JSON error too.
        post(chat("max_tokens", 200, "stream", true)).then().statusCode(400)
                .contentType(startsWith("application/json"))
                .body("error.code", equalTo("context_length_exceeded"));
    }

    @Test
    void serverLimitsAre400sNamingTheParameter() {
        post(chat("max_tokens", 513)).then().statusCode(400).body("error.param", equalTo("max_tokens"));
        post(chat("max_completion_tokens", 1000)).then().statusCode(400)
                .body("error.param", equalTo("max_completion_tokens"));
        post(chat("n", 9)).then().statusCode(400).body("error.param", equalTo("n"));
        post(chat("temperature", 3)).then().statusCode(400).body("error.param", equalTo("temperature"));
    }

    @Test
    void unsupportedParametersAre400sNamingThem() {
        post(chat("tools", List.of(Map.of("type", "function", "function", Map.of("name", "f"))))).then()
                .statusCode(400).body("error.param", equalTo("tools"));
        post(chat("logprobs", true)).then().statusCode(400).body("error.param", equalTo("logprobs"));
        post(chat("response_format", Map.of("type", "json_object"))).then().statusCode(400)
                .body("error.param", equalTo("response_format"));
        post(chat("temprature", 1)).then().statusCode(400).body("error.param", equalTo("temprature"))
                .body("error.message", containsString("Unrecognized request argument"));
        // What official clients send and that changes nothing is accepted.
        post(chat("max_tokens", 2, "user", "u-1", "logprobs", false, "response_format", Map.of("type", "text")))
                .then().statusCode(200);
    }

    @Test
    void anotherTenantsModelIs404EvenWhenStreamed() {
        String bob = KeycloakResource.accessToken("bob", "bob-password");
        given().auth().oauth2(bob).contentType(ContentType.JSON).body(chat("max_tokens", 4))
                .post("/v1/chat/completions").then().statusCode(404)
                .body("error.code", equalTo("model_not_found")).body("error.param", equalTo("model"));
        given().auth().oauth2(bob).contentType(ContentType.JSON).body(chat("max_tokens", 4, "stream", true))
                .post("/v1/chat/completions").then().statusCode(404)
                .contentType(startsWith("application/json"))
                .body("error.code", equalTo("model_not_found"));
        given().contentType(ContentType.JSON).body(chat()).post("/v1/chat/completions").then().statusCode(401);
    }

    @Test
    void timeToFirstTokenAndTokensGeneratedAreExported() {
        String body = post(chat("max_tokens", 4, "seed", 2, "stream", true)).then().statusCode(200)
                .extract().asString();
        assertNotEquals("", body);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("doppel_chat_time_to_first_token_seconds_bucket{endpoint=\"chat\",stream=\"true\""),
                "no TTFT histogram in /q/metrics");
        assertTrue(metrics.contains("doppel_chat_time_to_first_token_seconds{endpoint=\"chat\",stream=\"true\",quantile=\"0.99\""),
                "no TTFT percentile in /q/metrics");
        assertTrue(metrics.contains("doppel_chat_tokens_generated_total{endpoint=\"chat\""), "no token counter");
    }
}
