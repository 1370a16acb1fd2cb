package dev.doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.events.Topics;
import dev.doppel.localstack.KafkaTopics;
import dev.doppel.localstack.Net;
import dev.doppel.localstack.OidcTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole local stack on free ports, with stand-ins for the four services. */
class StackTest {

    @TempDir
    Path dataDir;

    @Test
    void upStartsEverythingWithTheEnvironmentContractAndDownStopsIt() throws Exception {
        Path fakeJar = fakeServiceJar();
        StackConfig config = StackConfig.defaults(Path.of("..")).withDataDir(dataDir);
        for (String component : StackConfig.DEFAULT_PORTS.keySet()) {
            config = config.withPort(component, Net.freePort());
        }
        for (String service : Stack.SERVICES) {
            config = config.withServiceJar(service, fakeJar);
        }
        Stack stack = new Stack(config);
        List<String> progress = new ArrayList<>();
        try {
            stack.up(progress::add);
            assertTrue(stack.isHealthy(), String.join("\n", progress));

            try (Connection connection = stack.postgres().connect()) {
                assertTrue(connection.isValid(2));
            }
            assertTrue(KafkaTopics.list(stack.kafka().url()).containsAll(Topics.allWithDeadLetters()));
            assertEquals("tenant-a", OidcTokens.claims(stack.accessToken("alice", "alice-password")).path("tenant_id").asText());

            String env = get("http://localhost:" + config.port(StackConfig.TRAINER) + "/env");
            assertTrue(env.contains("QUARKUS_HTTP_PORT=" + config.port(StackConfig.TRAINER)), env);
            assertTrue(env.contains("KAFKA_BOOTSTRAP_SERVERS=localhost:" + config.port("kafka")), env);
            assertTrue(env.contains("DOPPEL_DB_URL=postgresql://localhost:" + config.port("postgres") + "/doppel"), env);
            assertTrue(env.contains("DOPPEL_DB_USER=doppel\n") && env.contains("DOPPEL_DB_PASSWORD=doppel\n"), env);
            assertTrue(env.contains("DOPPEL_ARTIFACTS_DIR=" + dataDir.resolve("artifacts")), env);
            assertTrue(env.contains("DOPPEL_OIDC_URL=http://localhost:" + config.port("keycloak") + "/realms/doppel"), env);
            assertTrue(env.contains("DOPPEL_OIDC_CLIENT_ID=doppel-services\n"), env);
            assertTrue(env.contains("DOPPEL_OIDC_CLIENT_SECRET=doppel-services-secret\n"), env);
            assertTrue(env.contains("OMP_WAIT_POLICY=PASSIVE\n") && env.contains("GOMP_SPINCOUNT=10000\n") && env.contains("DJL_OFFLINE=true\n"), env);
            assertTrue(env.contains("DJL_CACHE_DIR=" + dataDir.resolve("djl-cache")), env);

            // Idempotent: a second up leaves the running processes alone.
            String pidBefore = Files.readString(dataDir.resolve("gateway/gateway.pid"));
            stack.up(progress::add);
            assertEquals(pidBefore, Files.readString(dataDir.resolve("gateway/gateway.pid")));

            // status and down work from what up saved, without being told the ports.
            assertTrue(Stack.saved(StackConfig.defaults(Path.of("..")).withDataDir(dataDir)).isHealthy());
        } finally {
            Stack.saved(StackConfig.defaults(Path.of("..")).withDataDir(dataDir)).down(progress::add);
        }
        assertTrue(stack.status().stream().noneMatch(c -> c.running() || c.healthy()), stack.status().toString());
        assertFalse(Net.isListening(config.port("postgres")));
        assertTrue(Files.isDirectory(dataDir.resolve("postgres/data")), "state survives down");
    }

    private Path fakeServiceJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        Path jar = dataDir.resolve("fake-service.jar");
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             var in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
