package dev.doppel.platform;

import dev.doppel.events.DoppelEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a consumer's effect at most once per event. Call it inside the consumer's transaction: the
 * marker row and the effect commit or roll back together, and a concurrent duplicate loses on the
 * primary key instead of applying the effect twice.
 */
@ApplicationScoped
public class IdempotencyGuard {
    private static final Logger LOG = Logger.getLogger(IdempotencyGuard.class);

    public <T> Uni<T> once(String consumer, DoppelEvent event, Supplier<Uni<T>> effect, T whenDuplicate) {
        String id = consumer + "/" + event.eventId();
        return ProcessedEvent.<ProcessedEvent>findById(id).chain(seen -> {
            if (seen != null) {
                LOG.infof("%s: event %s already processed, ignoring the redelivery", consumer, event.eventId());
                return Uni.createFrom().item(whenDuplicate);
            }
            var marker = new ProcessedEvent();
            marker.id = id;
            marker.processedAt = Instant.now();
            return marker.<ProcessedEvent>persist().chain(ignored -> effect.get());
        });
    }
}
