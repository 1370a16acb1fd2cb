package dev.doppel.evaluator.service;

import dev.doppel.evaluator.config.EvaluatorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run DJL: model loading and scoring block for seconds and use every core, so they
 * never run on the event loop, and at most {@code doppel.evaluator.workers} at a time.
 */
@ApplicationScoped
public class EvaluationWorkers implements Executor {
    private final ThreadPoolExecutor executor;

    public EvaluationWorkers(EvaluatorConfig config) {
        int workers = config.workers();
        if (workers < 1) {
            throw new IllegalArgumentException("doppel.evaluator.workers must be at least 1, was " + workers);
        }
        var counter = new AtomicInteger();
        executor = new ThreadPoolExecutor(workers, workers, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "evaluator-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void execute(Runnable work) {
        executor.execute(work);
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
