package dev.doppel.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) on 127.0.0.1, run as its own
 * JVM from Kafka's jars. The class path defaults to this JVM's, which holds {@code kafka_2.13} because
 * this module depends on it. Logs live in {@code dir/kraft-logs} and survive restarts.
 */
public final class KafkaBroker extends ProcessComponent {
    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;

    private final int port;
    private final int controllerPort;
    private final String classpath;

    public KafkaBroker(Path dir, int port, int controllerPort) {
        this(dir, port, controllerPort, System.getProperty("java.class.path"));
    }

    public KafkaBroker(Path dir, int port, int controllerPort, String classpath) {
        super("kafka", dir);
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
    }

    public int port() {
        return port;
    }

    /** The bootstrap servers, as the services read them from KAFKA_BOOTSTRAP_SERVERS. */
    @Override
    public String url() {
        return "localhost:" + port;
    }

    @Override
    public void launch() {
        if (isRunning()) {
            return;
        }
        requireFree(port);
        requireFree(controllerPort);
        Path properties = writeServerProperties();
        if (!Files.exists(dir.resolve("kraft-logs/meta.properties"))) {
            format(properties);
        }
        process.launch(java("kafka.Kafka", properties.toString()), Map.of(), dir);
    }

    @Override
    public boolean isHealthy() {
        return Net.isListening(port) && KafkaTopics.answers(url());
    }

    @Override
    protected void afterReady() {
        KafkaTopics.ensurePlatformTopics(url());
    }

    private Path writeServerProperties() {
        String config = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=1
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, dir.resolve("kraft-logs"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("server.properties");
            Files.writeString(file, config);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format(Path properties) {
        try {
            Process format = new ProcessBuilder(java("kafka.tools.StorageTool", "format",
                    "-t", Uuid.randomUuid().toString(), "-c", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("Formatting the Kafka log directory failed; end of " + logFile() + ":\n" + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }
}
