package dev.doppel.platform;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A record that a consumer has handled an event. Written in the same transaction as the consumer's
 * effect, so a redelivered event is recognised and changes nothing twice.
 */
@Entity
@Table(name = "processed_events")
public class ProcessedEvent extends PanacheEntityBase {
    /** {@code <consumer>/<eventId>}. */
    @Id
    @Column(length = 300)
    public String id;

    public Instant processedAt;
}
