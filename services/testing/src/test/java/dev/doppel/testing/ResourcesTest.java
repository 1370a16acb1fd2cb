package dev.doppel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.events.Topics;
import dev.doppel.localstack.KafkaTopics;
import dev.doppel.localstack.OidcTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    @Test
    void kafkaCarriesARecordOnAPlatformTopic() throws Exception {
        KafkaResource resource = new KafkaResource();
        try {
            Map<String, String> config = resource.start();
            String bootstrap = config.get("kafka.bootstrap.servers");
            assertEquals(KafkaResource.bootstrapServers(), bootstrap);
            assertTrue(KafkaTopics.list(bootstrap).containsAll(Topics.allWithDeadLetters()));

            try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.FILE_UPLOADED, "file-1", "{}")).get();
            }
            try (var consumer = new KafkaConsumer<String, String>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "resources-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.FILE_UPLOADED));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                for (int i = 0; i < 60 && records.isEmpty(); i++) {
                    records = consumer.poll(Duration.ofMillis(500));
                }
                assertEquals("file-1", records.iterator().next().key());
            }
        } finally {
            resource.stop();
        }
    }

    @Test
    void postgresAcceptsThePlatformRole() throws Exception {
        PostgresResource resource = new PostgresResource();
        try {
            Map<String, String> config = resource.start();
            assertEquals("postgresql://localhost:" + PostgresResource.port() + "/doppel", config.get("quarkus.datasource.reactive.url"));
            try (Connection connection = DriverManager.getConnection(PostgresResource.jdbcUrl(),
                    config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                 ResultSet result = connection.createStatement().executeQuery("SELECT current_user, current_database()")) {
                assertTrue(result.next());
                assertEquals("doppel", result.getString(1));
                assertEquals("doppel", result.getString(2));
            }
        } finally {
            resource.stop();
        }
    }

    @Test
    void artifactsGetsAFreshDirectoryThatIsRemovedAfterwards() {
        ArtifactsResource resource = new ArtifactsResource();
        Path dir = Path.of(resource.start().get("doppel.artifacts.dir"));
        assertTrue(Files.isDirectory(dir));
        resource.stop();
        assertTrue(Files.notExists(dir));
    }

    @Test
    void keycloakIssuesTokensForRealmUsersAndTheServices() {
        KeycloakResource resource = new KeycloakResource();
        try {
            String issuer = resource.start().get("quarkus.oidc.auth-server-url");
            assertTrue(issuer.endsWith("/realms/doppel"), issuer);
            assertEquals("tenant-a", OidcTokens.claims(KeycloakResource.accessToken("alice", "alice-password")).path("tenant_id").asText());
            assertEquals("doppel-services", OidcTokens.claims(KeycloakResource.serviceToken()).path("azp").asText());
        } finally {
            resource.stop();
        }
    }
}
