package dev.doppel.lm.ngram;

/**
 * Every context seen in training (the up to N-1 tokens before a token), as a trie read right to left: a
 * context's parent is the context one token shorter on the left. Walking back from the newest token finds
 * the contexts of all orders in one pass, which is exactly what interpolation needs.
 *
 * <p>Keys are exact (parent node id, token) pairs packed into one long, so two different contexts never
 * share a node: no hash-collision error to argue about. Node ids are dense and grouped by length: contexts
 * of length k are the ids in {@code [lengthStart(k), lengthStart(k + 1))}, with the empty context, id 0,
 * alone at length 0. A context that starts a sequence ends (on its left) with the begin-of-sequence token,
 * {@code vocabSize}, which no caller can pass as a real token.
 */
final class ContextTrie {

    static final int ROOT = 0;
    static final int MISSING = LongIntHashMap.MISSING;

    private final LongIntHashMap nodes;
    private final int[] lengthStart;

    /** @param lengthStart {@code order + 1} entries; the last is the number of contexts */
    ContextTrie(LongIntHashMap nodes, int[] lengthStart) {
        this.nodes = nodes;
        this.lengthStart = lengthStart;
    }

    static long key(int parent, int token) {
        return ((long) parent << 32) | token;
    }

    static int parentOf(long key) {
        return (int) (key >>> 32);
    }

    static int tokenOf(long key) {
        return (int) key;
    }

    /** The context {@code token + context}, or {@link #MISSING} when training never saw it. */
    int extendLeft(int context, int token) {
        return nodes.get(key(context, token));
    }

    int size() {
        return lengthStart[lengthStart.length - 1];
    }

    /** First node id of contexts with {@code length} tokens; {@code lengthStart(maxLength + 1) == size()}. */
    int lengthStart(int length) {
        return lengthStart[length];
    }

    int maxLength() {
        return lengthStart.length - 2;
    }

    void forEach(LongIntHashMap.EntryVisitor visitor) {
        nodes.forEach(visitor);
    }

    long memoryBytes() {
        return nodes.memoryBytes() + (long) lengthStart.length * Integer.BYTES;
    }
}
