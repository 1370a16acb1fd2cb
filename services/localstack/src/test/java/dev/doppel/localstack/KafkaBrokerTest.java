package dev.doppel.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void startsCreatesThePlatformTopicsAndCarriesARecord() throws Exception {
        KafkaBroker broker = new KafkaBroker(dir, Net.freePort(), Net.freePort());
        try {
            broker.start(Duration.ofMinutes(2));
            assertTrue(KafkaTopics.list(broker.url()).containsAll(Topics.allWithDeadLetters()));

            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.url()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.DATASET_READY, "dataset-1", "{\"hello\":1}")).get();
            }
            try (var consumer = new KafkaConsumer<String, String>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.url(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.DATASET_READY));
                ConsumerRecord<String, String> record = null;
                for (int i = 0; i < 60 && record == null; i++) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        record = records.iterator().next();
                    }
                }
                assertEquals("dataset-1", record == null ? null : record.key());
            }

            assertTrue(broker.stop());
            assertFalse(broker.isRunning());
            // Restarting on the same directory keeps the formatted log directory and the topics.
            broker.start(Duration.ofMinutes(2));
            assertTrue(KafkaTopics.list(broker.url()).contains(Topics.DATASET_READY));
        } finally {
            broker.stop();
        }
    }
}
