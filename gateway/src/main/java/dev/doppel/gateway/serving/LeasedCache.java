package dev.doppel.gateway.serving;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Loaded values under keys, least recently used evicted first once their estimated bytes pass {@code maxBytes} or
 * their number passes {@code maxEntries}. A value bigger than the bound still loads, alone. Concurrent first
 * requests for one key load it once. A value in use (an open {@link Lease}) is never closed: eviction only takes
 * it out of the cache, and the last lease closes it. Free of Quarkus and DJL, so the rules are unit-tested.
 *
 * <p>Bytes are counted for cached values only; an evicted value that is still leased is transient (its
 * generation ends) and not counted, so memory can briefly exceed the bound by the models in flight.
 */
public final class LeasedCache<V> {
    private static final Logger LOG = Logger.getLogger(LeasedCache.class);

    /** How values are made, sized and freed. */
    public interface Loader<V> {
        V load(String key) throws IOException;

        long bytes(V value);

        void close(V value);
    }

    /** A value in use; close it when done, exactly once. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public V value() {
            return entry.value;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(entry);
            }
        }
    }

    private final class Entry {
        final String key;
        final CompletableFuture<V> loading = new CompletableFuture<>();
        V value;
        long bytes;
        int leases;
        boolean evicted;

        Entry(String key) {
            this.key = key;
        }
    }

    private final Loader<V> loader;
    private final long maxBytes;
    private final int maxEntries;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true); // access order: LRU first
    private long cachedBytes;

    public LeasedCache(Loader<V> loader, long maxBytes, int maxEntries) {
        if (maxBytes < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("maxBytes and maxEntries must be positive, got " + maxBytes + ", " + maxEntries);
        }
        this.loader = loader;
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** The value under {@code key}, loading it on first use (on the calling thread: blocking). */
    public Lease acquire(String key) throws IOException {
        Entry entry;
        boolean mustLoad = false;
        synchronized (this) {
            entry = entries.get(key);
            if (entry == null) {
                entry = new Entry(key);
                entries.put(key, entry);
                mustLoad = true;
            }
            entry.leases++; // held while loading too, so a waiter's entry cannot be closed under it
        }
        if (mustLoad) {
            load(entry);
        }
        try {
            entry.loading.get();
        } catch (ExecutionException e) {
            release(entry);
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            release(entry);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + key + " was loading", e);
        }
        return new Lease(entry);
    }

    /** Keys cached now, least recently used first. */
    public synchronized List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    public synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Closes every cached value that is not in use; values in use close when their last lease does. */
    public void clear() {
        List<V> toClose = new ArrayList<>();
        synchronized (this) {
            for (Entry entry : entries.values()) {
                if (entry.loading.isDone()) {
                    evict(entry, toClose);
                }
            }
            entries.values().removeIf(entry -> entry.evicted);
        }
        toClose.forEach(loader::close);
    }

    private void load(Entry entry) {
        V value;
        try {
            value = loader.load(entry.key);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                entries.remove(entry.key, entry);
            }
            entry.loading.completeExceptionally(e);
            return;
        }
        List<V> toClose = new ArrayList<>();
        synchronized (this) {
            entry.value = value;
            entry.bytes = loader.bytes(value);
            cachedBytes += entry.bytes;
            evictBeyondBounds(entry, toClose);
        }
        toClose.forEach(loader::close);
        entry.loading.complete(value);
    }

    /** Evicts least recently used loaded entries, never {@code keep}, until the bounds hold or only {@code keep} is left. */
    private void evictBeyondBounds(Entry keep, List<V> toClose) {
        Iterator<Entry> lru = entries.values().iterator();
        while ((cachedBytes > maxBytes || entries.size() > maxEntries) && lru.hasNext()) {
            Entry candidate = lru.next();
            if (candidate != keep && candidate.loading.isDone()) {
                LOG.infof("evicting %s (%,d bytes) from the serving cache", candidate.key, candidate.bytes);
                lru.remove();
                evict(candidate, toClose);
            }
        }
    }

    private void evict(Entry entry, List<V> toClose) {
        entry.evicted = true;
        cachedBytes -= entry.bytes;
        if (entry.leases == 0) {
            toClose.add(entry.value);
        }
    }

    private void release(Entry entry) {
        boolean close;
        synchronized (this) {
            entry.leases--;
            close = entry.evicted && entry.leases == 0 && entry.value != null;
        }
        if (close) {
            loader.close(entry.value);
        }
    }
}
