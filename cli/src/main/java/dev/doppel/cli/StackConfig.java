package dev.doppel.cli;

import dev.doppel.localstack.KafkaBroker;
import dev.doppel.localstack.KeycloakServer;
import dev.doppel.localstack.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the local stack keeps its state and which ports it uses. Every port can be overridden with an
 * environment variable (DOPPEL_GATEWAY_PORT, DOPPEL_INGEST_PORT, DOPPEL_TRAINER_PORT,
 * DOPPEL_EVALUATOR_PORT, DOPPEL_KEYCLOAK_PORT, DOPPEL_KEYCLOAK_MANAGEMENT_PORT, DOPPEL_KAFKA_PORT,
 * DOPPEL_KAFKA_CONTROLLER_PORT, DOPPEL_POSTGRES_PORT) or a CLI option; the data directory with
 * DOPPEL_DATA_DIR or --data-dir (default {@code .doppel/} in the repository root).
 *
 * @param serviceJars  jar per service name; a service absent here runs
 *                     {@code <repoRoot>/<service>/target/quarkus-app/quarkus-run.jar}
 * @param onlyInfra    start PostgreSQL, Kafka and Keycloak only
 * @param readyTimeout how long each service may take to become ready
 */
public record StackConfig(
        Path repoRoot,
        Path dataDir,
        Map<String, Integer> ports,
        Map<String, Path> serviceJars,
        boolean onlyInfra,
        Duration readyTimeout,
        String serviceMaxHeap) {

    public static final String GATEWAY = "gateway";
    public static final String INGEST = "ingest-service";
    public static final String TRAINER = "trainer-service";
    public static final String EVALUATOR = "evaluator-service";
    public static final String KEYCLOAK_MANAGEMENT = "keycloak-management";
    public static final String KAFKA_CONTROLLER = "kafka-controller";

    /** Default ports, keyed by component; the environment variable is DOPPEL_&lt;KEY&gt;_PORT (without "-service"). */
    public static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

    public StackConfig {
        repoRoot = repoRoot.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        Map<String, Integer> merged = new LinkedHashMap<>(DEFAULT_PORTS);
        merged.putAll(ports);
        ports = Map.copyOf(merged);
        serviceJars = Map.copyOf(serviceJars);
    }

    /** Defaults for a repository: data in {@code <repoRoot>/.doppel}, the default ports. */
    public static StackConfig defaults(Path repoRoot) {
        return new StackConfig(repoRoot, repoRoot.resolve(".doppel"), Map.of(), Map.of(), false,
                Duration.ofMinutes(3), "768m");
    }

    /** Defaults overridden by DOPPEL_DATA_DIR and the DOPPEL_*_PORT variables. */
    public static StackConfig fromEnvironment(Path repoRoot, Map<String, String> environment) {
        StackConfig config = defaults(repoRoot);
        String dataDir = environment.get("DOPPEL_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            config = config.withDataDir(Path.of(dataDir));
        }
        for (String component : DEFAULT_PORTS.keySet()) {
            String value = environment.get(environmentVariable(component));
            if (value != null && !value.isBlank()) {
                config = config.withPort(component, parsePort(environmentVariable(component), value));
            }
        }
        return config;
    }

    /** DOPPEL_GATEWAY_PORT, DOPPEL_INGEST_PORT, …, DOPPEL_KAFKA_CONTROLLER_PORT. */
    public static String environmentVariable(String component) {
        return "DOPPEL_" + component.replace("-service", "").replace('-', '_').toUpperCase(java.util.Locale.ROOT) + "_PORT";
    }

    public int port(String component) {
        Integer port = ports.get(component);
        if (port == null) {
            throw new IllegalArgumentException("no port for " + component + "; known: " + ports.keySet());
        }
        return port;
    }

    public StackConfig withDataDir(Path dir) {
        return new StackConfig(repoRoot, dir, ports, serviceJars, onlyInfra, readyTimeout, serviceMaxHeap);
    }

    public StackConfig withPort(String component, int port) {
        if (!DEFAULT_PORTS.containsKey(component)) {
            throw new IllegalArgumentException("unknown component " + component + "; known: " + DEFAULT_PORTS.keySet());
        }
        Map<String, Integer> changed = new LinkedHashMap<>(ports);
        changed.put(component, port);
        return new StackConfig(repoRoot, dataDir, changed, serviceJars, onlyInfra, readyTimeout, serviceMaxHeap);
    }

    public StackConfig withServiceJar(String service, Path jar) {
        Map<String, Path> changed = new LinkedHashMap<>(serviceJars);
        changed.put(service, jar.toAbsolutePath());
        return new StackConfig(repoRoot, dataDir, ports, changed, onlyInfra, readyTimeout, serviceMaxHeap);
    }

    public StackConfig withOnlyInfra(boolean only) {
        return new StackConfig(repoRoot, dataDir, ports, serviceJars, only, readyTimeout, serviceMaxHeap);
    }

    public StackConfig withReadyTimeout(Duration timeout) {
        return new StackConfig(repoRoot, dataDir, ports, serviceJars, onlyInfra, timeout, serviceMaxHeap);
    }

    public StackConfig withServiceMaxHeap(String maxHeap) {
        return new StackConfig(repoRoot, dataDir, ports, serviceJars, onlyInfra, readyTimeout, maxHeap);
    }

    public Path serviceJar(String service) {
        return serviceJars.getOrDefault(service, repoRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar"));
    }

    public Path artifactsDir() {
        return dataDir.resolve("artifacts");
    }

    public Path djlCacheDir() {
        return dataDir.resolve("djl-cache");
    }

    /** What {@code up} used, so that status, logs and down find the same ports without options. */
    void save() {
        Properties properties = new Properties();
        ports.forEach((component, port) -> properties.setProperty("port." + component, port.toString()));
        serviceJars.forEach((service, jar) -> properties.setProperty("jar." + service, jar.toString()));
        properties.setProperty("onlyInfra", Boolean.toString(onlyInfra));
        try {
            Files.createDirectories(dataDir);
            try (OutputStream out = Files.newOutputStream(savedFile(dataDir))) {
                properties.store(out, "written by doppel up");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This configuration with the ports, jars and mode that {@code up} saved in its data directory, if any. */
    StackConfig withSaved() {
        Path file = savedFile(dataDir);
        if (!Files.isRegularFile(file)) {
            return this;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StackConfig config = withOnlyInfra(Boolean.parseBoolean(properties.getProperty("onlyInfra", "false")));
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("port.") && DEFAULT_PORTS.containsKey(key.substring(5))) {
                config = config.withPort(key.substring(5), Integer.parseInt(properties.getProperty(key)));
            } else if (key.startsWith("jar.")) {
                config = config.withServiceJar(key.substring(4), Path.of(properties.getProperty(key)));
            }
        }
        return config;
    }

    private static Path savedFile(Path dataDir) {
        return dataDir.resolve("stack.properties");
    }

    private static int parsePort(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (1-65535), not '" + value + "'");
        }
    }

    private static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("postgres", PostgresServer.DEFAULT_PORT);
        ports.put("kafka", KafkaBroker.DEFAULT_PORT);
        ports.put(KAFKA_CONTROLLER, KafkaBroker.DEFAULT_CONTROLLER_PORT);
        ports.put("keycloak", KeycloakServer.DEFAULT_PORT);
        ports.put(KEYCLOAK_MANAGEMENT, KeycloakServer.DEFAULT_MANAGEMENT_PORT);
        ports.put(GATEWAY, 8080);
        ports.put(INGEST, 8081);
        ports.put(TRAINER, 8082);
        ports.put(EVALUATOR, 8083);
        return java.util.Collections.unmodifiableMap(ports);
    }
}
