package dev.doppel.lm.ngram;

import java.util.Arrays;

/**
 * Open-addressing map from non-negative long keys to int values, with linear probing. Millions of n-gram
 * nodes live here, so keys and values sit in two primitive arrays: no boxing, no per-entry object, and a
 * probe usually stays within one or two cache lines.
 */
final class LongIntHashMap {

    static final int MISSING = -1;
    private static final long EMPTY = -1L;
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] keys;
    private int[] values;
    private int size;
    private int shift;

    LongIntHashMap(int expectedSize) {
        long wanted = Math.max(16L, expectedSize * 4L / 3 + 1);
        allocate((int) Math.min(MAX_CAPACITY, Long.highestOneBit(wanted - 1) << 1));
    }

    int size() {
        return size;
    }

    int get(long key) {
        int mask = keys.length - 1;
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            long found = keys[slot];
            if (found == key) {
                return values[slot];
            }
            if (found == EMPTY) {
                return MISSING;
            }
        }
    }

    /** The value stored under key, or else stores {@code valueIfAbsent} and returns {@link #MISSING}. */
    int putIfAbsent(long key, int valueIfAbsent) {
        if (key < 0) {
            throw new IllegalArgumentException("keys must be non-negative, got " + key);
        }
        int mask = keys.length - 1;
        int slot = slot(key);
        for (long found = keys[slot]; found != EMPTY; found = keys[slot]) {
            if (found == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = valueIfAbsent;
        // Up to 3/4 full: about 2.5 probes per hit and 8.5 per miss with linear probing, while the table costs
        // 16 to 32 bytes per entry instead of 24 to 48 at 1/2. Memory, not probes, limits the largest corpora.
        if (++size > keys.length - (keys.length >> 2)) {
            grow();
        }
        return MISSING;
    }

    /** Calls the visitor once per entry, in no particular order. */
    void forEach(EntryVisitor visitor) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                visitor.visit(keys[slot], values[slot]);
            }
        }
    }

    long memoryBytes() {
        return (long) keys.length * (Long.BYTES + Integer.BYTES);
    }

    interface EntryVisitor {
        void visit(long key, int value);
    }

    private int slot(long key) {
        // Fibonacci hashing: the multiply carries every key bit into the top bits that become the slot.
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void grow() {
        if (keys.length == MAX_CAPACITY) {
            throw new IllegalStateException("more than " + (MAX_CAPACITY - (MAX_CAPACITY >> 2)) + " n-grams");
        }
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(keys.length << 1);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }
}
