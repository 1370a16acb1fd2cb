package dev.doppel.lm.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The calling thread plus helper threads that split one small job (a matrix-vector product of a few hundred
 * microseconds or less) into parts. Handing a part over must cost far less than the part, so helpers spin
 * between jobs instead of waiting on a lock, and park only after {@link #SPIN_NANOS} without work.
 *
 * <p>Parts are claimed, not assigned: the caller takes part 0 first and then any part nobody has started,
 * so a helper that is descheduled (other processes share the cores) delays nothing but its own claimed part.
 * One job at a time: {@link #run} is for one thread at a time (callers serialize, e.g. with a lock).
 */
public final class Team implements AutoCloseable {

    /** One job: does part {@code part} of {@code parts}. Parts must be independent. */
    @FunctionalInterface
    public interface Task {
        void run(int part, int parts);
    }

    /** How long an idle helper spins before it parks, by default: about one decoding step of a small model. */
    static final long SPIN_NANOS = 200_000;

    private final int size;
    private final long spinNanos;
    private final Thread[] helpers;
    /** generation << 32 | next unclaimed part; one word, so a claim cannot land in a later job */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger sleepers = new AtomicInteger();
    private volatile boolean closed;
    private volatile Throwable failure;
    private Task task; // published by the volatile write of claims
    private int parts;
    private int generation;

    /** A team of {@code threads} threads: the caller and {@code threads - 1} daemon helpers. */
    public Team(int threads, String name) {
        this(threads, name, SPIN_NANOS, () -> { });
    }

    /**
     * A team whose helpers spin {@code spinNanos} between jobs before they park (a parked thread can take a
     * millisecond to wake on a virtual machine), and run {@code helperSetup} once when they start.
     */
    public Team(int threads, String name, long spinNanos, Runnable helperSetup) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.size = threads;
        this.spinNanos = spinNanos;
        this.helpers = new Thread[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = Thread.ofPlatform().daemon().name(name + "-" + (i + 1)).start(() -> {
                helperSetup.run();
                helperLoop();
            });
        }
    }

    /** Threads that work on a job, the caller included. */
    public int size() {
        return size;
    }

    Thread[] helpers() {
        return helpers.clone();
    }

    /** Runs parts {@code 0 .. parts-1} of the task on the team and returns when all are done; alone once closed. */
    public void run(Task job, int parts) {
        if (helpers.length == 0 || parts == 1 || closed) {
            for (int part = 0; part < parts; part++) {
                job.run(part, parts);
            }
            return;
        }
        this.task = job;
        this.parts = parts;
        finished.set(0);
        int gen = ++generation;
        claims.set((long) gen << 32);
        if (sleepers.get() > 0) {
            for (Thread helper : helpers) {
                LockSupport.unpark(helper);
            }
        }
        work(gen);
        while (finished.get() < parts) {
            Thread.onSpinWait();
        }
        Throwable thrown = failure;
        if (thrown != null) {
            failure = null;
            if (thrown instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(thrown);
        }
    }

    /** Claims and runs parts of job {@code gen} until none is left. */
    private void work(int gen) {
        while (true) {
            long state = claims.get();
            int part = (int) state;
            if ((int) (state >>> 32) != gen || part >= parts) {
                return;
            }
            if (claims.compareAndSet(state, state + 1)) {
                try {
                    task.run(part, parts); // task and parts cannot change before this part is finished
                } catch (Throwable t) {
                    failure = t; // the caller rethrows it; a helper must finish its part either way
                } finally {
                    finished.incrementAndGet();
                }
            }
        }
    }

    private void helperLoop() {
        int seen = 0;
        long idleSince = System.nanoTime();
        while (!closed) {
            int gen = (int) (claims.get() >>> 32);
            if (gen != seen) {
                seen = gen;
                work(gen);
                idleSince = System.nanoTime();
                continue;
            }
            if (System.nanoTime() - idleSince < spinNanos) {
                Thread.onSpinWait();
                continue;
            }
            sleepers.incrementAndGet();
            if ((int) (claims.get() >>> 32) == seen && !closed) { // re-check after announcing: no lost wake-up
                LockSupport.park(this);
            }
            sleepers.decrementAndGet();
            idleSince = System.nanoTime();
        }
    }

    /** Stops the helpers; they are daemons, so a team that is never closed does not keep the JVM alive. */
    @Override
    public void close() {
        closed = true;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
    }
}
