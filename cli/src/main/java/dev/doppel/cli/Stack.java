package dev.doppel.cli;

import dev.doppel.localstack.KafkaBroker;
import dev.doppel.localstack.KeycloakServer;
import dev.doppel.localstack.LocalComponent;
import dev.doppel.localstack.OidcTokens;
import dev.doppel.localstack.PostgresServer;
import dev.doppel.localstack.ProcessComponent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole platform on this machine: PostgreSQL, Kafka and Keycloak, then the four services, each a
 * background process with its PID file and log under {@code <dataDir>/<component>/}. {@link #up} is
 * idempotent, {@link #down} stops exactly what {@code up} started, and the state survives both.
 */
public final class Stack {
    public static final List<String> SERVICES =
            List.of(StackConfig.INGEST, StackConfig.TRAINER, StackConfig.EVALUATOR, StackConfig.GATEWAY);
    private static final Duration INFRA_TIMEOUT = Duration.ofMinutes(2);

    private final StackConfig config;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final KeycloakServer keycloak;
    private final List<ServiceProcess> services;
    private final Map<String, Long> launchedAt = new java.util.concurrent.ConcurrentHashMap<>();

    public Stack(StackConfig config) {
        this.config = config;
        Path data = config.dataDir();
        this.postgres = new PostgresServer(data.resolve("postgres"), config.port("postgres"));
        this.kafka = new KafkaBroker(data.resolve("kafka"), config.port("kafka"), config.port(StackConfig.KAFKA_CONTROLLER));
        this.keycloak = new KeycloakServer(data.resolve("keycloak"), config.port("keycloak"),
                config.port(StackConfig.KEYCLOAK_MANAGEMENT));
        Map<String, String> environment = serviceEnvironment();
        this.services = SERVICES.stream()
                .map(name -> new ServiceProcess(name, data.resolve(name), config.port(name), config.serviceJar(name),
                        config.serviceMaxHeap(), withPort(environment, config.port(name))))
                .toList();
    }

    /** Starts the stack described by the configuration and returns it; see {@link #up(Consumer)}. */
    public static Stack up(StackConfig config) {
        Stack stack = new Stack(config);
        stack.up(System.out::println);
        return stack;
    }

    /**
     * The stack whose configuration {@code up} saved in this configuration's data directory (ports, jars,
     * --only-infra), so that status, logs and down need no options.
     */
    public static Stack saved(StackConfig config) {
        return new Stack(config.withSaved());
    }

    public StackConfig config() {
        return config;
    }

    /**
     * Starts what is not running, waits until everything is healthy, and reports progress. Components
     * already running are left alone (and waited for if they are still starting).
     *
     * @throws IllegalStateException naming the component (with the end of its log) that did not start
     */
    public List<ComponentStatus> up(Consumer<String> progress) {
        createDirectories();
        config.save();
        List<ProcessComponent> infra = List.of(postgres, kafka, keycloak);
        // Launch all three first: Keycloak's start is the long one and overlaps the others'.
        for (ProcessComponent component : infra) {
            launch(component, progress);
        }
        awaitReady(postgres, INFRA_TIMEOUT, progress);
        awaitReady(kafka, INFRA_TIMEOUT, progress);
        awaitReady(keycloak, KeycloakServer.FIRST_START_TIMEOUT, progress);
        if (!config.onlyInfra()) {
            services.forEach(service -> launch(service, progress));
            services.forEach(service -> awaitReady(service, config.readyTimeout(), progress));
        }
        List<ComponentStatus> status = status();
        progress.accept("");
        progress.accept(urls());
        return status;
    }

    /** Each component's health, in start order. */
    public List<ComponentStatus> status() {
        List<ComponentStatus> status = new ArrayList<>();
        for (ProcessComponent component : components()) {
            status.add(new ComponentStatus(component.name(), component.isRunning(), component.isHealthy(), component.url(),
                    component.logFile().toString()));
        }
        return status;
    }

    public boolean isHealthy() {
        return status().stream().allMatch(ComponentStatus::healthy);
    }

    /** Stops, by PID and in reverse start order, what {@code up} started. Returns the names of those stopped. */
    public List<String> down(Consumer<String> progress) {
        List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        // The services are independent of each other: stop them together, then the infrastructure in order.
        services.parallelStream().forEach(service -> stop(service, stopped, progress));
        for (ProcessComponent component : List.of(keycloak, kafka, postgres)) {
            stop(component, stopped, progress);
        }
        progress.accept(stopped.isEmpty() ? "nothing was running" : "stopped " + String.join(", ", stopped));
        return List.copyOf(stopped);
    }

    private static void stop(ProcessComponent component, List<String> stopped, Consumer<String> progress) {
        if (component.isRunning()) {
            progress.accept("stopping " + component.name());
            if (component.stop()) {
                stopped.add(component.name());
            }
        }
    }

    public List<String> down() {
        return down(System.out::println);
    }

    /** The components {@code up} starts, in start order (infrastructure only with --only-infra). */
    public List<ProcessComponent> components() {
        List<ProcessComponent> all = new ArrayList<>(List.of(postgres, kafka, keycloak));
        if (!config.onlyInfra()) {
            all.addAll(services);
        }
        return all;
    }

    /** Every component's log, whether or not the mode of the last {@code up} included it. */
    public Optional<Path> logFile(String component) {
        List<ProcessComponent> all = new ArrayList<>(List.of(postgres, kafka, keycloak));
        all.addAll(services);
        return all.stream()
                .filter(c -> c.name().equals(component) || c.name().equals(component + "-service"))
                .map(LocalComponent::logFile)
                .findFirst();
    }

    public List<String> componentNames() {
        List<String> names = new ArrayList<>(List.of(postgres.name(), kafka.name(), keycloak.name()));
        names.addAll(SERVICES);
        return names;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    /** The gateway's base URL, e.g. {@code http://localhost:8080}. */
    public String gatewayUrl() {
        return "http://localhost:" + config.port(StackConfig.GATEWAY);
    }

    /** A realm user's access token (password grant through doppel-web), as the CLI logs in. */
    public String accessToken(String username, String password) {
        return OidcTokens.password(keycloak.issuerUrl(), OidcTokens.WEB_CLIENT, username, password);
    }

    /**
     * The environment every service gets (besides QUARKUS_HTTP_PORT): the contract that the services'
     * application.properties read.
     */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.url());
        environment.put("DOPPEL_DB_URL", postgres.url());
        environment.put("DOPPEL_DB_USER", dev.doppel.localstack.DoppelDatabase.USER);
        environment.put("DOPPEL_DB_PASSWORD", dev.doppel.localstack.DoppelDatabase.PASSWORD);
        environment.put("DOPPEL_ARTIFACTS_DIR", config.artifactsDir().toString());
        environment.put("DOPPEL_OIDC_URL", keycloak.issuerUrl());
        environment.put("DOPPEL_OIDC_CLIENT_ID", OidcTokens.SERVICES_CLIENT);
        environment.put("DOPPEL_OIDC_CLIENT_SECRET", OidcTokens.SERVICES_SECRET);
        environment.put("OMP_WAIT_POLICY", "PASSIVE");
        // ...but libgomp's threads spin 0.1 ms before sleeping: waking them for every operation cost a
        // small model's training 15 % (GOMP_SPINCOUNT overrides the policy in GNU OpenMP, which PyTorch uses).
        environment.put("GOMP_SPINCOUNT", "10000");
        environment.put("DJL_OFFLINE", "true");
        environment.put("DJL_CACHE_DIR", config.djlCacheDir().toString());
        // The gateway proxies reviewers and side-by-side samples to the evaluator's internal API.
        environment.put("DOPPEL_EVALUATOR_URL", "http://localhost:" + config.port(StackConfig.EVALUATOR));
        return environment;
    }

    /** Every URL of the stack, one per line. */
    public String urls() {
        StringBuilder text = new StringBuilder();
        if (!config.onlyInfra()) {
            text.append("Gateway (OpenAI-compatible API)  ").append(gatewayUrl()).append('\n');
            for (ServiceProcess service : services) {
                if (!service.name().equals(StackConfig.GATEWAY)) {
                    text.append("%-32s %s%n".formatted(service.name(), service.url() + "/q/health"));
                }
            }
        }
        text.append("Keycloak (realm doppel)          ").append(keycloak.issuerUrl()).append('\n');
        text.append("Keycloak admin console           ").append(keycloak.baseUrl()).append("/admin  (admin / admin, dev only)\n");
        text.append("Kafka bootstrap servers          ").append(kafka.url()).append('\n');
        text.append("PostgreSQL                       ").append(postgres.url()).append("  (doppel / doppel, dev only)\n");
        text.append("Data directory                   ").append(config.dataDir());
        return text.toString();
    }

    private void launch(ProcessComponent component, Consumer<String> progress) {
        if (component.isRunning()) {
            progress.accept("%-18s already running".formatted(component.name()));
            return;
        }
        progress.accept("%-18s starting (log: %s)".formatted(component.name(), component.logFile()));
        launchedAt.put(component.name(), System.nanoTime());
        component.launch();
    }

    private void awaitReady(ProcessComponent component, Duration timeout, Consumer<String> progress) {
        long started = launchedAt.getOrDefault(component.name(), System.nanoTime());
        component.awaitReady(timeout);
        progress.accept("%-18s ready in %.1f s  %s".formatted(component.name(), (System.nanoTime() - started) / 1e9, component.url()));
    }

    private void createDirectories() {
        try {
            Files.createDirectories(config.artifactsDir());
            Files.createDirectories(config.djlCacheDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> withPort(Map<String, String> environment, int port) {
        Map<String, String> copy = new LinkedHashMap<>(environment);
        copy.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return copy;
    }
}
