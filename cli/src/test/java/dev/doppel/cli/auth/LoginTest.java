package dev.doppel.cli.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.cli.Main;
import dev.doppel.cli.TestGateway;
import dev.doppel.cli.TestGateway.Response;
import dev.doppel.cli.api.NotLoggedInException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginTest {
    private static final String TOKEN_PATH = "POST /realms/doppel/protocol/openid-connect/token";

    @TempDir
    Path dataDir;

    private final TestGateway server = new TestGateway();
    private final AtomicInteger issued = new AtomicInteger();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    LoginTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void loginStoresTheTokensOwnerOnly() throws Exception {
        keycloakIssuing(300);

        int exit = run("login", "--user", "alice", "--password", "alice-password");

        assertEquals(0, exit, err.toString());
        Path file = dataDir.resolve(TokenStore.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        TokenSet stored = new TokenStore(dataDir).load().orElseThrow();
        assertEquals("access-1", stored.accessToken());
        assertEquals("refresh-1", stored.refreshToken());
        assertEquals("alice", stored.username());
        assertEquals(server.uri() + "/realms/doppel", stored.realmUrl());
        assertEquals("grant_type=password&client_id=doppel-web&username=alice&password=alice-password",
                server.requests.getFirst().body());
        assertTrue(out.toString().startsWith("logged in as alice at " + server.uri() + "/realms/doppel; token stored in " + file),
                out.toString());
    }

    @Test
    void anExpiredAccessTokenIsRefreshedAndSavedBackStillOwnerOnly() throws Exception {
        keycloakIssuing(300);
        var now = new AtomicReference<>(Instant.ofEpochSecond(1_000));
        InstantSource clock = now::get;
        var keycloak = new KeycloakTokens(URI.create(server.uri() + "/realms/doppel"), HttpClient.newHttpClient(), clock);
        var store = new TokenStore(dataDir);
        store.save(keycloak.password("alice", "pw"));

        now.set(Instant.ofEpochSecond(1_290));
        var later = new RefreshingToken(keycloak, store.load().orElseThrow(), store, clock);
        assertEquals("access-2", later.bearer(), "within 15 s of expiry it refreshes");
        assertEquals("grant_type=refresh_token&client_id=doppel-web&refresh_token=refresh-1", server.requests.getLast().body());
        assertEquals("access-2", store.load().orElseThrow().accessToken());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("access-2", later.bearer(), "a fresh token is used as it is");
        assertEquals(2, server.requests.size());

        now.set(Instant.ofEpochSecond(10_000));
        var afterRefreshExpiry = new RefreshingToken(keycloak, store.load().orElseThrow(), store, clock);
        var expired = assertThrows(NotLoggedInException.class, afterRefreshExpiry::bearer);
        assertEquals("the login of alice has expired; run bin/doppel login again (or pass --api-key)", expired.getMessage());
    }

    @Test
    void commandsUseTheStoredLoginRefreshingItWhenTheGatewaySays401() throws Exception {
        keycloakIssuing(300);
        server.on("GET /v1/files", request -> "Bearer access-2".equals(request.authorization())
                ? Response.json("{\"object\": \"list\", \"data\": [], \"has_more\": false}")
                : Response.error(401, "Token expired", null, "invalid_token"));
        assertEquals(0, run("login", "--user", "alice", "--password", "pw"), err.toString());

        int exit = run("files", "list", "--base-url", server.uri().toString());

        assertEquals(0, exit, err.toString());
        assertEquals(List.of(TOKEN_PATH.substring(5), "/v1/files", TOKEN_PATH.substring(5), "/v1/files"),
                server.requests.stream().map(TestGateway.Request::path).toList());
        assertEquals("access-2", new TokenStore(dataDir).load().orElseThrow().accessToken());
    }

    @Test
    void aWrongPasswordIsKeycloaksMessage() {
        server.on(TOKEN_PATH, request -> new Response(401, "application/json",
                "{\"error\": \"invalid_grant\", \"error_description\": \"Invalid user credentials\"}"));

        int exit = run("login", "--user", "alice", "--password", "nope");

        assertEquals(1, exit);
        assertEquals("doppel login: error: Invalid user credentials (code: invalid_grant)" + System.lineSeparator(), err.toString());
        assertTrue(Files.notExists(dataDir.resolve(TokenStore.FILE_NAME)));
    }

    /** Keycloak's token endpoint: access-N and refresh-N, the access token valid {@code seconds}, the refresh 30 min. */
    private void keycloakIssuing(int seconds) {
        server.on(TOKEN_PATH, request -> {
            int n = issued.incrementAndGet();
            return Response.json("{\"access_token\": \"access-" + n + "\", \"expires_in\": " + seconds
                    + ", \"refresh_token\": \"refresh-" + n + "\", \"refresh_expires_in\": 1800, \"token_type\": \"Bearer\"}");
        });
    }

    private int run(String... args) {
        var all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--realm-url", server.uri() + "/realms/doppel", "--data-dir", dataDir.toString()));
        return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
    }
}
