package dev.doppel.lm;

import java.util.Arrays;

/**
 * tiktoken's merge rule within one piece: start from single bytes and repeatedly join the adjacent pair whose
 * concatenation has the lowest rank (leftmost on ties), until no adjacent concatenation is a token. Ranks are
 * token ids, so learned merges apply in the order they were learned.
 *
 * <p>Two implementations with identical results: a rescan of a small array, quadratic but fastest for the short
 * pieces of natural text, and a heap with lazy deletion for long pieces, where quadratic time would let one long
 * run of characters stall a server thread.
 */
final class BytePairMerge {

    static final int NO_LIMIT = Integer.MAX_VALUE;
    private static final int LONG_PIECE = 256;
    private static final int NONE = Integer.MAX_VALUE;

    private BytePairMerge() {
    }

    /** The token ids of {@code text[from, to)}. */
    static int[] encode(ByteStringTable ranks, byte[] text, int from, int to) {
        int whole = ranks.id(text, from, to);
        if (whole != ByteStringTable.ABSENT) {
            return new int[] {whole};
        }
        int[] bounds = boundaries(ranks, text, from, to, NO_LIMIT);
        int[] ids = new int[bounds.length - 1];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = ranks.id(text, bounds[k], bounds[k + 1]);
        }
        return ids;
    }

    /**
     * Where the parts start after merging with ranks below {@code rankLimit} only, followed by {@code to}. The
     * limit serves to recover the pair a token was merged from: its own bytes merged below its own rank.
     */
    static int[] boundaries(ByteStringTable ranks, byte[] text, int from, int to, int rankLimit) {
        return to - from > LONG_PIECE
                ? boundariesWithHeap(ranks, text, from, to, rankLimit)
                : boundariesByRescan(ranks, text, from, to, rankLimit);
    }

    static int[] boundariesByRescan(ByteStringTable ranks, byte[] text, int from, int to, int rankLimit) {
        int parts = to - from;
        int[] starts = new int[parts + 1]; // starts[parts] == to
        int[] pairRanks = new int[Math.max(parts - 1, 0)]; // pairRanks[k]: parts k and k+1 joined
        for (int k = 0; k <= parts; k++) {
            starts[k] = from + k;
        }
        for (int k = 0; k < parts - 1; k++) {
            pairRanks[k] = rank(ranks, text, starts[k], starts[k + 2], rankLimit);
        }
        while (parts > 1) {
            int best = NONE;
            int at = -1;
            for (int k = 0; k < parts - 1; k++) {
                if (pairRanks[k] < best) {
                    best = pairRanks[k];
                    at = k;
                }
            }
            if (at < 0) {
                break;
            }
            System.arraycopy(starts, at + 2, starts, at + 1, parts - at - 1);
            if (parts - at - 3 > 0) {
                System.arraycopy(pairRanks, at + 2, pairRanks, at + 1, parts - at - 3);
            }
            parts--;
            if (at < parts - 1) {
                pairRanks[at] = rank(ranks, text, starts[at], starts[at + 2], rankLimit);
            }
            if (at > 0) {
                pairRanks[at - 1] = rank(ranks, text, starts[at - 1], starts[at + 1], rankLimit);
            }
        }
        return Arrays.copyOf(starts, parts + 1);
    }

    /**
     * The same rule in O(n log n): parts form a linked list by offset, candidate pairs wait in a min-heap keyed
     * by (rank, offset), and a popped candidate counts only if it is still the current pair at its offset. A
     * part's pair only ever grows, so its rank never returns to an old value and stale entries are recognizable.
     */
    static int[] boundariesWithHeap(ByteStringTable ranks, byte[] text, int from, int to, int rankLimit) {
        int n = to - from;
        int[] next = new int[n];
        int[] prev = new int[n];
        int[] pairRank = new int[n]; // of the part starting here joined with its successor; NONE if dead or last
        LongMinHeap heap = new LongMinHeap(n);
        for (int i = 0; i < n; i++) {
            next[i] = i + 1;
            prev[i] = i - 1;
            pairRank[i] = i + 2 <= n ? rank(ranks, text, from + i, from + i + 2, rankLimit) : NONE;
            if (pairRank[i] != NONE) {
                heap.push((long) pairRank[i] << 32 | i);
            }
        }
        int parts = n;
        while (!heap.isEmpty()) {
            long candidate = heap.pop();
            int at = (int) candidate;
            if (pairRank[at] != (int) (candidate >>> 32)) {
                continue;
            }
            int absorbed = next[at];
            int after = next[absorbed];
            next[at] = after;
            if (after < n) {
                prev[after] = at;
            }
            pairRank[absorbed] = NONE;
            parts--;
            pairRank[at] = after < n ? rank(ranks, text, from + at, from + next[after], rankLimit) : NONE;
            if (pairRank[at] != NONE) {
                heap.push((long) pairRank[at] << 32 | at);
            }
            int before = prev[at];
            if (before >= 0) {
                pairRank[before] = rank(ranks, text, from + before, from + after, rankLimit);
                if (pairRank[before] != NONE) {
                    heap.push((long) pairRank[before] << 32 | before);
                }
            }
        }
        int[] starts = new int[parts + 1];
        int k = 0;
        for (int i = 0; i < n; i = next[i]) {
            starts[k++] = from + i;
        }
        starts[k] = to;
        return starts;
    }

    private static int rank(ByteStringTable ranks, byte[] text, int from, int to, int rankLimit) {
        int id = ranks.id(text, from, to);
        return id == ByteStringTable.ABSENT || id >= rankLimit ? NONE : id;
    }

    /** A binary min-heap of longs; {@code java.util.PriorityQueue} would box every candidate. */
    private static final class LongMinHeap {
        private long[] values;
        private int size;

        LongMinHeap(int capacity) {
            values = new long[Math.max(capacity, 4)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (values[parent] <= value) {
                    break;
                }
                values[i] = values[parent];
                i = parent;
            }
            values[i] = value;
        }

        long pop() {
            long top = values[0];
            long last = values[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && values[child + 1] < values[child]) {
                    child++;
                }
                if (values[child] >= last) {
                    break;
                }
                values[i] = values[child];
                i = child;
            }
            values[i] = last;
            return top;
        }
    }
}
