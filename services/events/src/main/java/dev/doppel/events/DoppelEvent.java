package dev.doppel.events;

import java.time.Instant;

/**
 * What every event on the bus carries. Events are immutable records; {@link #key()} is the id of the
 * thing the event concerns and is used as the Kafka record key, so all events about one thing land
 * on one partition in order.
 */
public interface DoppelEvent {
    String eventId();

    String tenantId();

    Instant occurredAt();

    String key();
}
