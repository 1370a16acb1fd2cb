package dev.doppel.lm;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a CPU training step runs on: data parallelism inside one process. Each worker trains a slice of the
 * batch's rows with PyTorch's kernels confined to its own thread ({@link TorchThreads}), instead of one thread
 * driving every operator over the whole batch on PyTorch's shared OpenMP pool.
 *
 * <p>Why: at small sizes a training step is hundreds of short operators, and a shared pool pays a fork and a join
 * for each (both cores wait for the slower one, and for the Java code between operators). Independent workers
 * only meet at the end of the step. On the 2-core bench machine this raised the small model's training
 * throughput by about a fifth (README, "Training throughput").
 *
 * <p>With one worker (a GPU, a single core, or no per-thread control) steps run on the calling thread as before.
 */
final class TrainingWorkers implements AutoCloseable {

    private final int count;
    private final ExecutorService pool;

    private TrainingWorkers(int count) {
        this.count = count;
        if (count == 1) {
            pool = null;
        } else {
            AtomicInteger index = new AtomicInteger();
            pool = Executors.newFixedThreadPool(count, task -> {
                Thread thread = new Thread(() -> {
                    TorchThreads.singleThreadedHere();
                    task.run();
                }, "doppel-train-" + index.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /** {@code count} workers, or one when the device or the process cannot use more. */
    static TrainingWorkers forDevice(Device device, int count) {
        boolean parallel = count > 1 && !device.isGpu() && TorchThreads.available();
        return new TrainingWorkers(parallel ? count : 1);
    }

    /** As many workers as PyTorch has CPU threads here (one on a GPU). */
    static TrainingWorkers forDevice(Device device) {
        return forDevice(device, TorchThreads.threadsHere());
    }

    int count() {
        return count;
    }

    /**
     * Runs the tasks at once, one per worker, and returns their results in order; at most {@link #count()} tasks.
     * Returns or throws only when every task has finished, since they work on arrays the caller frees next.
     */
    <T> List<T> runAll(List<Callable<T>> tasks) {
        if (tasks.size() > count) {
            throw new IllegalArgumentException(tasks.size() + " tasks for " + count + " workers");
        }
        if (pool == null) {
            List<T> results = new ArrayList<>(tasks.size());
            for (Callable<T> task : tasks) {
                results.add(call(task));
            }
            return results;
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(task));
        }
        List<T> results = new ArrayList<>(tasks.size());
        Throwable failure = null;
        boolean interrupted = false;
        for (Future<T> future : futures) {
            while (true) {
                try {
                    results.add(future.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // native work cannot be cancelled: finish waiting, then pass it on
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return results;
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
