package dev.doppel.lm;

import ai.djl.Device;
import dev.doppel.lm.kernels.Team;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The threads a CPU training step runs on: data parallelism inside one process. Each worker trains a slice of the
 * batch's rows with PyTorch's kernels confined to its own thread ({@link TorchThreads}), instead of one thread
 * driving every operator over the whole batch on PyTorch's shared OpenMP pool.
 *
 * <p>Why: at small sizes a training step is hundreds of short operators, and a shared pool pays a fork and a join
 * for each (both cores wait for the slower one, and for the Java code between operators). Independent workers
 * only meet at the end of the step. On the 2-core bench machine this raised the small model's training
 * throughput by about a fifth (README, "Performance").
 *
 * <p>The workers are a {@link Team}: the calling thread takes a slice itself, and the helpers spin for a few
 * milliseconds between jobs, since waking a parked thread took 1.5 ms on the bench's virtual machine. The same
 * team runs the optimizer's fused passes ({@link #team()}), so nothing else wakes between the steps' phases.
 *
 * <p>With one worker (a GPU, a single core, or no per-thread control) steps run on the calling thread as before.
 */
final class TrainingWorkers implements AutoCloseable {

    /** Longer than the optimizer's part of a small step (about 4 ms), so helpers do not park between steps. */
    private static final long SPIN_NANOS = 10_000_000;

    private final int count;
    private final Team team;

    private TrainingWorkers(int count) {
        this.count = count;
        this.team = count == 1 ? null : new Team(count, "doppel-train", SPIN_NANOS, TorchThreads::singleThreadedHere);
    }

    /**
     * {@code count} workers, or one when the device or the process cannot use more. On the CPU this also keeps
     * malloc's freed memory between steps ({@link MallocHeaps}).
     */
    static TrainingWorkers forDevice(Device device, int count) {
        if (!device.isGpu()) {
            MallocHeaps.keepBetweenSteps();
        }
        boolean parallel = count > 1 && !device.isGpu() && TorchThreads.available();
        return new TrainingWorkers(parallel ? count : 1);
    }

    int count() {
        return count;
    }

    /** The workers as a team for other work between passes (the optimizer's), or null with one worker. */
    Team team() {
        return team;
    }

    /**
     * Runs the tasks at once, one per worker, and returns their results in order; at most {@link #count()} tasks.
     * Returns or throws only when every task has finished, since they work on arrays the caller frees next.
     */
    <T> List<T> runAll(List<Callable<T>> tasks) {
        if (tasks.size() > count) {
            throw new IllegalArgumentException(tasks.size() + " tasks for " + count + " workers");
        }
        if (team == null) {
            List<T> results = new ArrayList<>(tasks.size());
            for (Callable<T> task : tasks) {
                results.add(call(task));
            }
            return results;
        }
        Thread caller = Thread.currentThread();
        Object[] results = new Object[tasks.size()];
        team.run((part, parts) -> {
            Callable<T> task = tasks.get(part);
            // helpers are single-threaded for good; the caller only while it runs a worker's share
            results[part] = Thread.currentThread() == caller && parts > 1 ? call(() -> TorchThreads.singleThreaded(task)) : call(task);
        }, tasks.size());
        @SuppressWarnings("unchecked")
        List<T> typed = (List<T>) Arrays.asList(results);
        return typed;
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
        if (team != null) {
            team.close();
        }
    }
}
