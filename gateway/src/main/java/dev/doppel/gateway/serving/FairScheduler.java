package dev.doppel.gateway.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * A fixed set of worker threads that run jobs taken from a {@link FairQueue}: while all workers are busy,
 * waiting jobs start round-robin across tenants. The queue is bounded in total and per tenant; a job beyond
 * either bound is refused at once ({@link QueueFull}) rather than left to wait without end.
 */
public final class FairScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FairScheduler.class);

    /** Thrown by {@link #submit} when the queue holds as much as it may. */
    public static final class QueueFull extends Exception {
        QueueFull(String message) {
            super(message);
        }
    }

    /** A submitted job; {@link #cancel} takes it out of the queue if it has not started. */
    public final class Ticket {
        private final String tenant;
        private final Runnable job;

        private Ticket(String tenant, Runnable job) {
            this.tenant = tenant;
            this.job = job;
        }

        /** True if the job was still waiting and now never runs. */
        public boolean cancel() {
            lock.lock();
            try {
                return queue.remove(tenant, this);
            } finally {
                lock.unlock();
            }
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final FairQueue<Ticket> queue = new FairQueue<>();
    private final int capacity;
    private final int perTenant;
    private final List<Thread> workers = new ArrayList<>();
    private boolean closed;

    public FairScheduler(int workerCount, int capacity, int perTenant, String threadName) {
        if (workerCount < 1 || capacity < 1 || perTenant < 1) {
            throw new IllegalArgumentException("workers, capacity and perTenant must be positive, got "
                    + workerCount + ", " + capacity + ", " + perTenant);
        }
        this.capacity = capacity;
        this.perTenant = perTenant;
        for (int i = 0; i < workerCount; i++) {
            // Platform threads: decoding is CPU-bound for its whole duration, so virtual threads would gain nothing.
            Thread worker = Thread.ofPlatform().daemon().name(threadName + "-" + i).unstarted(this::work);
            workers.add(worker);
            worker.start();
        }
    }

    public Ticket submit(String tenant, Runnable job) throws QueueFull {
        Ticket ticket = new Ticket(tenant, job);
        lock.lock();
        try {
            if (closed) {
                throw new QueueFull("the server is shutting down");
            }
            if (queue.size() >= capacity) {
                throw new QueueFull("The server is at capacity: " + queue.size() + " requests are waiting.");
            }
            if (queue.size(tenant) >= perTenant) {
                throw new QueueFull("Too many requests waiting for your tenant (" + perTenant
                        + "); retry when some have finished.");
            }
            queue.add(tenant, ticket);
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
        return ticket;
    }

    /** Jobs waiting for a worker. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            Ticket next;
            lock.lock();
            try {
                while (queue.size() == 0 && !closed) {
                    workAvailable.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                next = queue.poll();
            } finally {
                lock.unlock();
            }
            try {
                next.job.run();
            } catch (RuntimeException e) {
                LOG.error("a serving job failed outside its own error handling", e); // jobs report their own errors
            }
        }
    }

    /** Stops the workers once their current jobs end; waiting jobs never run. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
