package dev.doppel.ingest.messaging;

import dev.doppel.events.DatasetReady;
import dev.doppel.events.DatasetRejected;
import dev.doppel.platform.EventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Announces datasets on Kafka, keyed by dataset id. The returned Uni completes once Kafka has the record. */
@ApplicationScoped
public class DatasetEventPublisher {
    public static final String DATASET_READY = "dataset-ready";
    public static final String DATASET_REJECTED = "dataset-rejected";

    private final MutinyEmitter<DatasetReady> ready;
    private final MutinyEmitter<DatasetRejected> rejected;

    public DatasetEventPublisher(@Channel(DATASET_READY) MutinyEmitter<DatasetReady> ready,
                                 @Channel(DATASET_REJECTED) MutinyEmitter<DatasetRejected> rejected) {
        this.ready = ready;
        this.rejected = rejected;
    }

    public Uni<Void> ready(DatasetReady event) {
        return ready.sendMessage(EventMessages.keyed(event));
    }

    public Uni<Void> rejected(DatasetRejected event) {
        return rejected.sendMessage(EventMessages.keyed(event));
    }
}
