package dev.doppel.localstack;

import dev.doppel.events.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the platform's topics (idempotently) and probes a broker. */
public final class KafkaTopics {
    public static final int PARTITIONS = 1;

    /** Creates every topic of {@link Topics#allWithDeadLetters()} that does not exist yet. */
    public static void ensurePlatformTopics(String bootstrapServers) {
        ensure(bootstrapServers, Topics.allWithDeadLetters());
    }

    public static void ensure(String bootstrapServers, Collection<String> topics) {
        try (Admin admin = admin(bootstrapServers)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // Another starter created one in between: fine, the topic exists.
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the topics on " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    /** Whether a broker answers at these bootstrap servers within a couple of seconds. */
    public static boolean answers(String bootstrapServers) {
        try (Admin admin = admin(bootstrapServers)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    public static Set<String> list(String bootstrapServers) {
        try (Admin admin = admin(bootstrapServers)) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not list the topics on " + bootstrapServers, e);
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    private KafkaTopics() {
    }
}
