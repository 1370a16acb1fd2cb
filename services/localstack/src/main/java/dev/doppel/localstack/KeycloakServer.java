package dev.doppel.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak in development mode ({@code kc.sh start-dev}) with the {@code doppel} realm imported from
 * {@code keycloak/doppel-realm.json}. Its H2 database and transaction logs live in {@code dir}, so the
 * realm (and its signing keys) survive restarts; the distribution itself is shared through the cache.
 * The bootstrap admin of the master realm is {@code admin}/{@code admin}: development only.
 */
public final class KeycloakServer extends ProcessComponent {
    public static final int DEFAULT_PORT = 8180;
    public static final int DEFAULT_MANAGEMENT_PORT = 9180;
    public static final String REALM = "doppel";
    public static final String REALM_RESOURCE = "/keycloak/doppel-realm.json";
    public static final String BOOTSTRAP_ADMIN = "admin";
    public static final String BOOTSTRAP_ADMIN_PASSWORD = "admin";
    /** The first start of a fresh distribution re-augments Keycloak: about 40 s on two cores, more when busy. */
    public static final Duration FIRST_START_TIMEOUT = Duration.ofMinutes(5);

    private final int port;
    private final int managementPort;

    public KeycloakServer(Path dir, int port, int managementPort) {
        super("keycloak", dir);
        this.port = port;
        this.managementPort = managementPort;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    /** The issuer of the doppel realm, as the services read it from DOPPEL_OIDC_URL. */
    @Override
    public String url() {
        return issuerUrl();
    }

    public String issuerUrl() {
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public void launch() {
        if (isRunning()) {
            return;
        }
        requireFree(port);
        requireFree(managementPort);
        Path home = KeycloakDistribution.ensureUnpacked();
        installRealm(home);
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", BOOTSTRAP_ADMIN_PASSWORD);
        // Per-server state out of the shared distribution: the H2 file database and the transaction logs.
        environment.put("JAVA_OPTS_APPEND", "-Dkc.db-url-path=" + dir
                + " -Dquarkus.transaction-manager.object-store.directory=" + dir.resolve("transaction-logs"));
        for (String inherited : List.of("JAVA_OPTS", "JAVA_OPTS_KC_HEAP", "JAVA_ADD_OPENS", "KC_DB", "KC_DB_URL")) {
            environment.put(inherited, null);
        }
        process.launch(List.of("/bin/bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                        "--import-realm",
                        "--http-port=" + port,
                        "--http-management-port=" + managementPort,
                        "--health-enabled=true"),
                environment, dir);
    }

    @Override
    public boolean isHealthy() {
        return Net.httpStatus("http://localhost:" + managementPort + "/health/ready") == 200;
    }

    /** Password grant through the public client {@code doppel-web}. */
    public String accessToken(String username, String password) {
        return OidcTokens.password(issuerUrl(), OidcTokens.WEB_CLIENT, username, password);
    }

    /** Client-credentials grant of the services' confidential client. */
    public String serviceToken() {
        return OidcTokens.clientCredentials(issuerUrl(), OidcTokens.SERVICES_CLIENT, OidcTokens.SERVICES_SECRET);
    }

    private static void installRealm(Path home) {
        Path importDir = home.resolve("data/import");
        try (InputStream realm = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the class path");
            }
            Files.createDirectories(importDir);
            Path staging = Files.createTempFile(importDir, "doppel-realm", ".tmp");
            Files.copy(realm, staging, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staging, importDir.resolve("doppel-realm.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
