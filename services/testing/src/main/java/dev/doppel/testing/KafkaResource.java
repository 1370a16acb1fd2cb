package dev.doppel.testing;

import dev.doppel.localstack.KafkaTopics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real KRaft Kafka broker inside the test JVM (Kafka's own test kit: one combined broker/controller
 * node on a random port), with every platform topic and its dead-letter topic created. Use with
 * {@code @QuarkusTestResource(KafkaResource.class)}; plain tests can call {@link #bootstrapServers()}
 * to consume topics with a {@code KafkaConsumer}.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {
    private static volatile KafkaClusterTestKit cluster;

    @Override
    public Map<String, String> start() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            cluster = kit;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-JVM Kafka broker", e);
        }
        KafkaTopics.ensurePlatformTopics(bootstrapServers());
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        KafkaClusterTestKit kit = cluster;
        cluster = null;
        if (kit != null) {
            try {
                kit.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop the in-JVM Kafka broker", e);
            }
        }
    }

    /** The running broker's bootstrap servers, e.g. {@code localhost:41234}. */
    public static String bootstrapServers() {
        KafkaClusterTestKit kit = cluster;
        if (kit == null) {
            throw new IllegalStateException("KafkaResource is not started");
        }
        return kit.bootstrapServers();
    }
}
