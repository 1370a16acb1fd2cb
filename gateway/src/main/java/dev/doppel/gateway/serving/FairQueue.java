package dev.doppel.gateway.serving;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Waiting work, served round-robin across tenants: each turn takes the oldest item of the tenant at the head of
 * the turn order, then sends that tenant to the back if it has more. One tenant's 30 requests therefore delay
 * another tenant's single request by at most one of theirs. Not thread-safe: its owner locks.
 */
final class FairQueue<T> {
    private final Map<String, ArrayDeque<T>> waiting = new HashMap<>();
    private final ArrayDeque<String> turns = new ArrayDeque<>(); // tenants with waiting items, next first
    private int size;

    void add(String tenant, T item) {
        ArrayDeque<T> queue = waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>());
        if (queue.isEmpty()) {
            turns.addLast(tenant);
        }
        queue.addLast(item);
        size++;
    }

    /** The next item in fair order, or null when nothing waits. */
    T poll() {
        String tenant = turns.pollFirst();
        if (tenant == null) {
            return null;
        }
        ArrayDeque<T> queue = waiting.get(tenant);
        T item = queue.pollFirst();
        size--;
        if (queue.isEmpty()) {
            waiting.remove(tenant);
        } else {
            turns.addLast(tenant);
        }
        return item;
    }

    /** Takes a waiting item out (its request went away); false when it is no longer waiting. */
    boolean remove(String tenant, T item) {
        ArrayDeque<T> queue = waiting.get(tenant);
        if (queue == null || !queue.remove(item)) {
            return false;
        }
        size--;
        if (queue.isEmpty()) {
            waiting.remove(tenant);
            turns.remove(tenant);
        }
        return true;
    }

    int size() {
        return size;
    }

    int size(String tenant) {
        ArrayDeque<T> queue = waiting.get(tenant);
        return queue == null ? 0 : queue.size();
    }
}
