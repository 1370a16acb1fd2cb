package dev.doppel.lm;

import java.util.Arrays;

/**
 * The token ids of recently seen pieces. Natural text repeats a few thousand words most of the time, so most
 * pieces are answered without merging. Direct-mapped and lock-free: a slot holds one immutable entry, a newer
 * piece with the same slot replaces it, and racing threads at worst lose an entry. That is safe without
 * synchronization because an entry's fields are final (JLS 17.5): a thread that sees the entry sees its arrays.
 * Memory stays bounded by the slot count times {@link #MAX_PIECE_LENGTH}.
 */
final class PieceCache {

    /** Longer pieces (runs of spaces, base64 blobs) are rare and would only evict useful entries. */
    static final int MAX_PIECE_LENGTH = 64;

    private record Entry(int hash, byte[] piece, int[] tokens) {
    }

    private final Entry[] slots;
    private final int shift;

    PieceCache(int slotBits) {
        slots = new Entry[1 << slotBits];
        shift = 32 - slotBits;
    }

    /** The cached ids of {@code text[from, to)} with the given {@link ByteStringTable#hash}, or null. */
    int[] get(byte[] text, int from, int to, int hash) {
        Entry entry = slots[hash >>> shift];
        if (entry != null && entry.hash == hash && Arrays.equals(entry.piece, 0, entry.piece.length, text, from, to)) {
            return entry.tokens;
        }
        return null;
    }

    /** {@code tokens} must not be changed afterwards: callers receive copies, never this array. */
    void put(byte[] text, int from, int to, int hash, int[] tokens) {
        if (to - from <= MAX_PIECE_LENGTH) {
            slots[hash >>> shift] = new Entry(hash, Arrays.copyOfRange(text, from, to), tokens);
        }
    }
}
