package dev.doppel.testing;

import dev.doppel.localstack.KeycloakServer;
import dev.doppel.localstack.Net;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Keycloak with the committed {@code doppel} realm on free ports. The unpacked and built
 * distribution is shared through the machine's cache ({@code ~/.cache/doppel}), so only the very first
 * start pays for Keycloak's build; each run gets a fresh database in a temporary directory.
 *
 * <p>Users: alice (tenant, tenant-a), bob (tenant, tenant-b), rita (reviewer), admin (admin), each with
 * the password {@code <name>-password} — development defaults only.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {
    private static volatile KeycloakServer keycloak;
    private static volatile Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("doppel-keycloak-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KeycloakServer server = new KeycloakServer(dir, Net.freePort(), Net.freePort());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stopper"));
        server.start(KeycloakServer.FIRST_START_TIMEOUT);
        keycloak = server;
        return Map.of("quarkus.oidc.auth-server-url", server.issuerUrl());
    }

    @Override
    public void stop() {
        KeycloakServer server = keycloak;
        keycloak = null;
        if (server != null) {
            server.stop();
        }
        Path root = dir;
        dir = null;
        if (root != null) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code http://localhost:PORT/realms/doppel}. */
    public static String issuerUrl() {
        return server().issuerUrl();
    }

    /** An access token of a realm user (password grant through the public client doppel-web). */
    public static String accessToken(String username, String password) {
        return server().accessToken(username, password);
    }

    /** An access token of the services' client (client credentials of doppel-services; role admin). */
    public static String serviceToken() {
        return server().serviceToken();
    }

    private static KeycloakServer server() {
        KeycloakServer server = keycloak;
        if (server == null) {
            throw new IllegalStateException("KeycloakResource is not started");
        }
        return server;
    }
}
