package dev.doppel.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakServerTest {

    @TempDir
    static Path dir;
    static KeycloakServer keycloak;

    @BeforeAll
    static void start() {
        keycloak = new KeycloakServer(dir, Net.freePort(), Net.freePort());
        keycloak.start(KeycloakServer.FIRST_START_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
    }

    @Test
    void tenantsGetTheirTenantIdAndRole() {
        JsonNode alice = OidcTokens.claims(keycloak.accessToken("alice", "alice-password"));
        assertEquals("tenant-a", alice.path("tenant_id").asText());
        assertTrue(roles(alice).contains("tenant"));
        assertEquals(keycloak.issuerUrl(), alice.path("iss").asText());

        JsonNode bob = OidcTokens.claims(keycloak.accessToken("bob", "bob-password"));
        assertEquals("tenant-b", bob.path("tenant_id").asText());
        assertTrue(roles(bob).contains("tenant"));
    }

    @Test
    void reviewerAndAdminGetTheirRoles() {
        JsonNode rita = OidcTokens.claims(keycloak.accessToken("rita", "rita-password"));
        assertTrue(roles(rita).contains("reviewer"));
        assertTrue(rita.path("tenant_id").isMissingNode());
        assertTrue(roles(OidcTokens.claims(keycloak.accessToken("admin", "admin-password"))).contains("admin"));
    }

    @Test
    void servicesGetATokenWithClientCredentials() {
        JsonNode service = OidcTokens.claims(keycloak.serviceToken());
        assertEquals("doppel-services", service.path("azp").asText());
        assertTrue(roles(service).contains("admin"));
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThrows(IllegalStateException.class, () -> keycloak.accessToken("alice", "wrong"));
    }

    private static List<String> roles(JsonNode claims) {
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }
}
