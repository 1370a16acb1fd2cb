package dev.doppel.gateway.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link LeasedCache}'s rules with a fake loader: sizes come from the key, closes and loads are recorded. */
class ServingCacheTest {

    /** A value "name:bytes"; the loader records every load and close. */
    static final class FakeModel {
        final String key;
        volatile boolean closed;

        FakeModel(String key) {
            this.key = key;
        }
    }

    static final class FakeLoader implements LeasedCache.Loader<FakeModel> {
        final Map<String, Integer> loads = new ConcurrentHashMap<>();
        final List<String> closes = new ArrayList<>();
        CountDownLatch gate; // when set, loads wait for it

        @Override
        public FakeModel load(String key) throws IOException {
            loads.merge(key, 1, Integer::sum);
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            if (key.startsWith("broken")) {
                throw new IOException("no checkpoint at " + key);
            }
            return new FakeModel(key);
        }

        @Override
        public long bytes(FakeModel value) {
            return Long.parseLong(value.key.substring(value.key.indexOf(':') + 1));
        }

        @Override
        public synchronized void close(FakeModel value) {
            assertFalse(value.closed, value.key + " closed twice");
            value.closed = true;
            closes.add(value.key);
        }
    }

    private final FakeLoader loader = new FakeLoader();

    @Test
    void evictsTheLeastRecentlyUsedOnceTheBytesPassTheBound() throws IOException {
        var cache = new LeasedCache<>(loader, 100, 10);
        cache.acquire("a:40").close();
        cache.acquire("b:40").close();
        cache.acquire("a:40").close(); // a is now more recent than b
        cache.acquire("c:40").close(); // 120 > 100: b goes
        assertEquals(List.of("a:40", "c:40"), cache.keys());
        assertEquals(List.of("b:40"), loader.closes);
        assertEquals(80, cache.cachedBytes());
    }

    @Test
    void evictsByCountToo() throws IOException {
        var cache = new LeasedCache<>(loader, 1_000, 2);
        cache.acquire("a:1").close();
        cache.acquire("b:1").close();
        cache.acquire("c:1").close();
        assertEquals(List.of("b:1", "c:1"), cache.keys());
        assertEquals(List.of("a:1"), loader.closes);
    }

    @Test
    void aModelBiggerThanTheBoundStillLoadsAlone() throws IOException {
        var cache = new LeasedCache<>(loader, 100, 10);
        cache.acquire("a:30").close();
        cache.acquire("b:30").close();
        try (var big = cache.acquire("big:500")) {
            assertEquals("big:500", big.value().key);
        }
        assertEquals(List.of("big:500"), cache.keys());
        assertEquals(List.of("a:30", "b:30"), loader.closes);
    }

    @Test
    void aModelInUseIsEvictedButClosedOnlyByItsLastLease() throws IOException {
        var cache = new LeasedCache<>(loader, 100, 10);
        var first = cache.acquire("a:60");
        var second = cache.acquire("a:60");
        cache.acquire("b:60").close(); // evicts a from the cache while two generations still use it
        assertEquals(List.of("b:60"), cache.keys());
        assertTrue(loader.closes.isEmpty());
        first.close();
        first.close(); // closing a lease twice releases it once
        assertFalse(second.value().closed);
        second.close();
        assertEquals(List.of("a:60"), loader.closes);
        assertTrue(second.value().closed);
    }

    @Test
    void anEvictedModelIsLoadedAgainOnItsNextUse() throws IOException {
        var cache = new LeasedCache<>(loader, 1_000, 1);
        cache.acquire("a:1").close();
        cache.acquire("b:1").close();
        cache.acquire("a:1").close();
        assertEquals(2, loader.loads.get("a:1"));
    }

    @Test
    void concurrentFirstRequestsLoadOnce() throws Exception {
        var cache = new LeasedCache<>(loader, 1_000, 10);
        loader.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<FakeModel>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    try (var lease = cache.acquire("a:10")) {
                        return lease.value();
                    }
                }));
            }
            loader.gate.countDown();
            FakeModel first = results.get(0).get();
            for (Future<FakeModel> result : results) {
                assertSame(first, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, loader.loads.get("a:10"));
    }

    @Test
    void aFailedLoadIsReportedAndTriedAgainNextTime() {
        var cache = new LeasedCache<>(loader, 1_000, 10);
        IOException failure = assertThrows(IOException.class, () -> cache.acquire("broken:1"));
        assertTrue(failure.getMessage().contains("no checkpoint"), failure.getMessage());
        assertTrue(cache.keys().isEmpty());
        assertThrows(IOException.class, () -> cache.acquire("broken:1"));
        assertEquals(2, loader.loads.get("broken:1"));
    }

    @Test
    void clearClosesIdleModelsNowAndLeasedOnesWhenReleased() throws IOException {
        var cache = new LeasedCache<>(loader, 1_000, 10);
        cache.acquire("a:1").close();
        var inUse = cache.acquire("b:1");
        cache.clear();
        assertEquals(List.of("a:1"), loader.closes);
        assertTrue(cache.keys().isEmpty());
        inUse.close();
        assertEquals(List.of("a:1", "b:1"), loader.closes);
    }
}
