package dev.doppel.platform;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Hibernate Reactive from a plain worker thread (a training slot, an evaluation worker): the work runs
 * in a transaction on a Vert.x context and the calling thread blocks until it commits. The counterpart
 * of {@link Offload}, which goes the other way.
 */
public final class WorkerTransactions {

    public static <T> T inTransaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private WorkerTransactions() {
    }
}
