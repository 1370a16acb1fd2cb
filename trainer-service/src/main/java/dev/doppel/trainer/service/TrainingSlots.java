package dev.doppel.trainer.service;

import dev.doppel.trainer.config.TrainerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that train: {@code doppel.trainer.slots} of them (one by default), because a training
 * run uses every core it gets and two runs would only slow each other down. Jobs beyond the slots
 * wait in the queue (their rows say {@code queued}). Training never runs on the event loop or on the
 * Kafka consumer.
 */
@ApplicationScoped
public class TrainingSlots {
    private final ThreadPoolExecutor executor;

    public TrainingSlots(TrainerConfig config) {
        int slots = config.slots();
        if (slots < 1) {
            throw new IllegalArgumentException("doppel.trainer.slots must be at least 1, was " + slots);
        }
        var counter = new AtomicInteger();
        executor = new ThreadPoolExecutor(slots, slots, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "trainer-slot-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public void submit(Runnable work) {
        executor.execute(work);
    }

    /** Jobs handed over but not yet started. */
    public int waiting() {
        return executor.getQueue().size();
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
