package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-tenant limit over HTTP with a limit small enough to reach: 3 requests at once, refilled at 2 a minute
 * (so the next token is 30 s away and nothing here depends on timing). The bucket's arithmetic is
 * {@code TokenBucketTest}'s.
 */
@QuarkusTest
@TestProfile(RateLimitTest.Tiny.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(EvaluatorStub.class)
class RateLimitTest {
    public static class Tiny implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doppel.gateway.rate-limit.requests-per-minute", "2",
                    "doppel.gateway.rate-limit.burst", "3");
        }
    }

    @Test
    void aTenantOverItsLimitGets429WithRetryAfterAndOthersDoNot() {
        String alice = Pipeline.alice();
        for (int remaining = 2; remaining >= 0; remaining--) {
            given().auth().oauth2(alice).get("/v1/files").then().statusCode(200)
                    .header("x-ratelimit-limit-requests", "2")
                    .header("x-ratelimit-remaining-requests", Integer.toString(remaining))
                    .header("x-ratelimit-reset-requests", notNullValue());
        }
        String retryAfter = given().auth().oauth2(alice).get("/v1/models").then().statusCode(429)
                .body("error.type", equalTo("requests"))
                .body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.message", notNullValue())
                .header("x-ratelimit-remaining-requests", "0")
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 30, "one token takes 30 s at 2 a minute, Retry-After " + seconds);

        // Each tenant has its own bucket; an unauthenticated request is not counted but refused.
        given().auth().oauth2(Pipeline.bob()).get("/v1/files").then().statusCode(200);
        given().get("/v1/files").then().statusCode(401);
    }
}
