package dev.doppel.platform;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Runs blocking work (file copies, DJL) off the event loop, then continues on the caller's Vert.x
 * context — Hibernate Reactive only works there, so a pipeline can mix both.
 */
public final class Offload {

    public static <T> Uni<T> blocking(Callable<T> work) {
        return blocking(work, Infrastructure.getDefaultWorkerPool());
    }

    public static <T> Uni<T> blocking(Callable<T> work, Executor executor) {
        Context context = Vertx.currentContext();
        Uni<T> offloaded = Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new OffloadedWorkException(e);
            }
        }).runSubscriptionOn(executor);
        return context == null ? offloaded
                : offloaded.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    /** A checked exception thrown by offloaded work, carried unchanged as the cause. */
    public static final class OffloadedWorkException extends RuntimeException {
        OffloadedWorkException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private Offload() {
    }
}
