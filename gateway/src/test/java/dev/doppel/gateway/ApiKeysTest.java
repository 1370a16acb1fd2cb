package dev.doppel.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.localstack.OidcTokens;
import dev.doppel.testing.ArtifactsResource;
import dev.doppel.testing.KafkaResource;
import dev.doppel.testing.KeycloakResource;
import dev.doppel.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API keys and tenant service accounts against the real Keycloak and PostgreSQL: a key is the tenant
 * everywhere a token is, its secret is shown once, and revoked or unknown keys answer OpenAI's 401.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(ArtifactsResource.class)
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(EvaluatorStub.class)
class ApiKeysTest {
    private static final String KEYS = "/v1/doppel/api_keys";

    @Test
    void aKeyActsAsItsTenantUntilRevoked() {
        String alice = KeycloakResource.accessToken("alice", "alice-password");
        String bob = KeycloakResource.accessToken("bob", "bob-password");

        var created = given().auth().oauth2(alice).contentType(ContentType.JSON).body(Map.of("name", "ci"))
                .post(KEYS).then().statusCode(201)
                .header("Location", notNullValue())
                .body("object", equalTo("doppel.api_key"))
                .body("name", equalTo("ci"))
                .body("last_used_at", nullValue())
                .extract();
        String id = created.path("id");
        String secret = created.path("secret");
        assertTrue(secret.startsWith("sk-doppel-"), secret);
        byte[] entropy = Base64.getUrlDecoder().decode(secret.substring("sk-doppel-".length()));
        assertTrue(entropy.length >= 32, "secret carries " + entropy.length + " random bytes");
        assertEquals(secret.substring(0, 14), created.path("prefix"));
        assertEquals(secret.substring(secret.length() - 4), created.path("last4"));

        // Listed without the secret.
        given().auth().oauth2(alice).get(KEYS).then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItem(id))
                .body("data.find { it.id == '" + id + "' }.secret", nullValue())
                .body("data.find { it.id == '" + id + "' }.redacted_value", equalTo(created.path("redacted_value")));
        given().auth().oauth2(alice).get(KEYS).then().body(not(org.hamcrest.Matchers.containsString(secret)));

        // The key is alice's tenant: it sees what alice uploads, uploads as tenant-a, and not bob's files.
        String alicesFile = Uploads.upload(alice, "alice.jsonl");
        String bobsFile = Uploads.upload(bob, "bob.jsonl");
        given().auth().oauth2(secret).get("/v1/files").then().statusCode(200)
                .body("data.id", hasItem(alicesFile)).body("data.id", not(hasItem(bobsFile)));
        given().auth().oauth2(secret).get("/v1/files/" + bobsFile).then().statusCode(404);
        String viaKey = Uploads.upload(secret, "via-key.jsonl");
        given().auth().oauth2(alice).get("/v1/files/" + viaKey).then().statusCode(200);
        given().auth().oauth2(bob).get("/v1/files/" + viaKey).then().statusCode(404);
        given().auth().oauth2(alice).get(KEYS).then()
                .body("data.find { it.id == '" + id + "' }.last_used_at", notNullValue());

        // Keys are managed with a Keycloak login only, by the owning tenant only.
        given().auth().oauth2(secret).get(KEYS).then().statusCode(403).body("error.type", equalTo("permission_error"));
        given().auth().oauth2(secret).contentType(ContentType.JSON).body("{}").post(KEYS).then().statusCode(403);
        given().auth().oauth2(bob).delete(KEYS + "/" + id).then().statusCode(404).body("error.code", equalTo("not_found"));
        given().auth().oauth2(bob).get(KEYS).then().body("data.id", not(hasItem(id)));

        // Revoked: gone from the list and refused.
        given().auth().oauth2(alice).delete(KEYS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("deleted", equalTo(true));
        given().auth().oauth2(alice).get(KEYS).then().body("data.id", not(hasItem(id)));
        given().auth().oauth2(secret).get("/v1/files").then().statusCode(401)
                .body("error.type", equalTo("authentication_error"))
                .body("error.code", equalTo("invalid_api_key"));
        given().auth().oauth2(alice).delete(KEYS + "/" + id).then().statusCode(404);
    }

    @Test
    void unknownKeysAndBadRequestsAreRefusedInOpenAiShape() {
        given().auth().oauth2("sk-doppel-" + "A".repeat(43)).get("/v1/models").then().statusCode(401)
                .body("error.type", equalTo("authentication_error"))
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.message", notNullValue());
        String alice = KeycloakResource.accessToken("alice", "alice-password");
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(Map.of("nam", "typo"))
                .post(KEYS).then().statusCode(400).body("error.param", equalTo("nam"));
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(Map.of("name", List.of("x")))
                .post(KEYS).then().statusCode(400).body("error.param", equalTo("name"));
        // Two keys never share a secret.
        String first = given().auth().oauth2(alice).contentType(ContentType.JSON).body("{}").post(KEYS)
                .then().statusCode(201).extract().path("secret");
        String second = given().auth().oauth2(alice).contentType(ContentType.JSON).body("{}").post(KEYS)
                .then().statusCode(201).extract().path("secret");
        assertNotEquals(first, second);
    }

    @Test
    void aTenantsServiceAccountSeesThatTenantOnly() {
        String alice = KeycloakResource.accessToken("alice", "alice-password");
        String bob = KeycloakResource.accessToken("bob", "bob-password");
        String alicesFile = Uploads.upload(alice, "for-automation.jsonl");
        String bobsFile = Uploads.upload(bob, "not-for-automation.jsonl");

        String automation = OidcTokens.clientCredentials(KeycloakResource.issuerUrl(), "tenant-a-automation",
                "tenant-a-automation-secret");
        assertEquals("tenant-a", OidcTokens.claims(automation).path("tenant_id").asText());
        given().auth().oauth2(automation).get("/v1/files").then().statusCode(200)
                .body("data.id", hasItem(alicesFile)).body("data.id", not(hasItem(bobsFile)));
        given().auth().oauth2(automation).get("/v1/files/" + bobsFile).then().statusCode(404);
        // The platform's own service client is no tenant.
        given().auth().oauth2(KeycloakResource.serviceToken()).get("/v1/files").then().statusCode(403);
    }
}
