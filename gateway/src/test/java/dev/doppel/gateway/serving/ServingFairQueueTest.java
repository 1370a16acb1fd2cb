package dev.doppel.gateway.serving;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Round-robin across tenants, the queue's bounds, and cancellation, without timing assumptions. */
class ServingFairQueueTest {

    @Test
    void oneTenantsBacklogDelaysAnotherTenantsRequestByAtMostOneTurn() {
        var queue = new FairQueue<String>();
        for (int i = 1; i <= 30; i++) {
            queue.add("a", "a" + i);
        }
        queue.add("b", "b1");
        queue.add("c", "c1");
        queue.add("c", "c2");
        List<String> order = new ArrayList<>();
        for (String next = queue.poll(); next != null; next = queue.poll()) {
            order.add(next);
        }
        assertEquals(List.of("a1", "b1", "c1", "a2", "c2", "a3", "a4"), order.subList(0, 7));
        assertEquals(33, order.size());
        assertEquals(0, queue.size());
    }

    @Test
    void aTenantThatArrivesLateJoinsTheRotationAtTheBack() {
        var queue = new FairQueue<String>();
        queue.add("a", "a1");
        queue.add("a", "a2");
        queue.add("a", "a3");
        assertEquals("a1", queue.poll());
        queue.add("b", "b1");
        assertEquals("a2", queue.poll());
        assertEquals("b1", queue.poll());
        assertEquals("a3", queue.poll());
    }

    @Test
    void aRemovedItemLeavesTheRotationIntact() {
        var queue = new FairQueue<String>();
        queue.add("a", "a1");
        queue.add("b", "b1");
        queue.add("a", "a2");
        assertTrue(queue.remove("b", "b1"));
        assertFalse(queue.remove("b", "b1"));
        assertEquals(2, queue.size("a"));
        assertEquals(0, queue.size("b"));
        assertEquals(2, queue.size());
        assertEquals("a1", queue.poll());
        assertEquals("a2", queue.poll());
        assertEquals(null, queue.poll());
    }

    @Test
    void workersTakeWaitingJobsRoundRobinAcrossTenants() throws Exception {
        try (var scheduler = new FairScheduler(1, 100, 100, "test-serving")) {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            scheduler.submit("a", () -> {
                busy.countDown();
                block(release);
                ran.add("a0");
            });
            busy.await(); // the only worker is busy: everything below waits in the queue, in a known order
            for (int i = 1; i <= 30; i++) {
                String name = "a" + i;
                scheduler.submit("a", () -> ran.add(name));
            }
            scheduler.submit("b", () -> ran.add("b1"));
            assertEquals(31, scheduler.queued());
            release.countDown();
            await().until(() -> ran.size() == 32);
            assertEquals(List.of("a0", "a1", "b1", "a2"), ran.subList(0, 4));
        }
    }

    @Test
    void aFullQueueRefusesAtOnceInTotalAndPerTenant() throws Exception {
        try (var scheduler = new FairScheduler(1, 3, 2, "test-serving")) {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            scheduler.submit("a", () -> {
                busy.countDown();
                block(release);
            });
            busy.await();
            scheduler.submit("a", () -> { });
            scheduler.submit("a", () -> { });
            var perTenant = assertThrows(FairScheduler.QueueFull.class, () -> scheduler.submit("a", () -> { }));
            assertTrue(perTenant.getMessage().contains("your tenant"), perTenant.getMessage());
            scheduler.submit("b", () -> { });
            var total = assertThrows(FairScheduler.QueueFull.class, () -> scheduler.submit("c", () -> { }));
            assertTrue(total.getMessage().contains("capacity"), total.getMessage());
            release.countDown();
            await().until(() -> scheduler.queued() == 0);
        }
    }

    @Test
    void aCancelledTicketNeverRuns() throws Exception {
        try (var scheduler = new FairScheduler(1, 10, 10, "test-serving")) {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            scheduler.submit("a", () -> {
                busy.countDown();
                block(release);
            });
            busy.await();
            var gone = scheduler.submit("a", () -> ran.add("gone"));
            scheduler.submit("a", () -> ran.add("kept"));
            assertTrue(gone.cancel());
            release.countDown();
            await().until(() -> ran.contains("kept"));
            assertEquals(List.of("kept"), ran);
            assertFalse(gone.cancel()); // no longer waiting
        }
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
