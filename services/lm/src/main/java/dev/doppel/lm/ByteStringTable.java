package dev.doppel.lm;

import java.util.Arrays;

/**
 * Byte strings to token ids, looked up by a range of a larger array so that the BPE inner loop allocates nothing
 * and boxes nothing (a {@code HashMap<ByteBuffer, Integer>} would do both per candidate pair). Open addressing
 * with linear probing over the concatenated token bytes; immutable after construction, so safe to share.
 */
final class ByteStringTable {

    static final int ABSENT = -1;

    private final byte[] pool;
    private final int[] poolStart;
    private final int[] length;
    private final int[] slotIds;
    private final int[] slotHashes;
    private final int shift;

    /** {@code tokens[id]} are the bytes of token id, or null where an id has no bytes (a named token). */
    ByteStringTable(byte[][] tokens) {
        int total = 0;
        int count = 0;
        for (byte[] token : tokens) {
            if (token != null) {
                total += token.length;
                count++;
            }
        }
        int bits = Math.max(4, 32 - Integer.numberOfLeadingZeros(count * 2)); // load factor at most 1/2
        shift = 32 - bits;
        slotIds = new int[1 << bits];
        slotHashes = new int[1 << bits];
        Arrays.fill(slotIds, ABSENT);
        pool = new byte[total];
        poolStart = new int[tokens.length];
        length = new int[tokens.length];
        int offset = 0;
        for (int id = 0; id < tokens.length; id++) {
            byte[] token = tokens[id];
            if (token == null) {
                continue;
            }
            if (token.length == 0) {
                throw new IllegalArgumentException("token id " + id + " has no bytes");
            }
            System.arraycopy(token, 0, pool, offset, token.length);
            poolStart[id] = offset;
            length[id] = token.length;
            offset += token.length;
            insert(id);
        }
    }

    private void insert(int id) {
        int start = poolStart[id];
        int hash = hash(pool, start, start + length[id]);
        int mask = slotIds.length - 1;
        for (int slot = hash >>> shift; ; slot = (slot + 1) & mask) {
            int existing = slotIds[slot];
            if (existing == ABSENT) {
                slotIds[slot] = id;
                slotHashes[slot] = hash;
                return;
            }
            if (slotHashes[slot] == hash && equalsToken(existing, pool, start, start + length[id])) {
                throw new IllegalArgumentException("token ids " + existing + " and " + id + " have the same bytes");
            }
        }
    }

    /** The id of {@code bytes[from, to)}, or {@link #ABSENT}. */
    int id(byte[] bytes, int from, int to) {
        return id(bytes, from, to, hash(bytes, from, to));
    }

    int id(byte[] bytes, int from, int to, int hash) {
        int mask = slotIds.length - 1;
        for (int slot = hash >>> shift; ; slot = (slot + 1) & mask) {
            int id = slotIds[slot];
            if (id == ABSENT || (slotHashes[slot] == hash && equalsToken(id, bytes, from, to))) {
                return id;
            }
        }
    }

    private boolean equalsToken(int id, byte[] bytes, int from, int to) {
        int start = poolStart[id];
        return length[id] == to - from && Arrays.equals(pool, start, start + length[id], bytes, from, to);
    }

    /** Polynomial hash, then a multiplicative mix so that the top bits (the slot) depend on every byte. */
    static int hash(byte[] bytes, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        return (h ^ (to - from)) * 0x9E3779B9;
    }
}
