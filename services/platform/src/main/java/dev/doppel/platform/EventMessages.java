package dev.doppel.platform;

import dev.doppel.events.DoppelEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Wraps an event in a Kafka message keyed by the id of the thing it concerns. */
public final class EventMessages {

    public static <E extends DoppelEvent> Message<E> keyed(E event) {
        return Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .build());
    }

    private EventMessages() {
    }
}
