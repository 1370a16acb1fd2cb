package dev.doppel.lm.ngram;

import java.util.Arrays;

/**
 * Counts every distinct n-gram of orders 1..N exactly, with the counts that modified Kneser-Ney smooths
 * (Chen &amp; Goodman 1998, as in KenLM):
 * <ul>
 *   <li>order N, and any n-gram that starts at a sequence start: how often it occurs;</li>
 *   <li>every other lower-order n-gram: its continuation count, the number of distinct tokens seen on its
 *       left. A lower order carries the prediction where the longer context is rare or unseen, so it should
 *       say in how many different contexts a token appears, not how often it occurs.</li>
 * </ul>
 *
 * <p>All sequences go into one stream, each behind a begin-of-sequence marker ({@code vocabSize}). Pass n
 * finds, for every position, the n-gram ending there by extending the (n-1)-gram ending there one token to
 * the left, so each pass is one hash lookup per token and n-grams never cross a marker. The first time an
 * n-gram is seen, its (n-1)-gram suffix has gained a distinct left neighbour: that is the continuation
 * count, with no second pass and no sorting.
 */
final class NgramCounter {

    /** Tables start small and double: sizing them by the token count would waste most of it on repetitive text. */
    private static final int INITIAL_TABLE_SIZE = 1 << 12;

    private final int order;
    private final int bos;
    private final int[] stream;
    private int[] contextOf = new int[1024];
    private int[] lastTokenOf = new int[1024];
    private int[] countOf = new int[1024];
    private int ngrams = 1; // id 0 is the empty context

    private NgramCounter(int order, int vocabSize, int[] stream) {
        this.order = order;
        this.bos = vocabSize;
        this.stream = stream;
    }

    record Counts(ContextTrie contexts, Successors successors) {
    }

    static Counts count(Iterable<int[]> sequences, int order, int vocabSize) {
        return new NgramCounter(order, vocabSize, TokenStream.of(sequences, vocabSize)).count();
    }

    private Counts count() {
        // Contexts (orders below N) stay in the final model; order-N n-grams are never a context, so their
        // table only deduplicates during the last pass and is dropped with the counter.
        LongIntHashMap contexts = new LongIntHashMap(INITIAL_TABLE_SIZE);
        int[] orderStart = new int[order + 2];
        int[] ngramEndingAt = new int[stream.length];
        orderStart[0] = ContextTrie.ROOT;
        for (int n = 1; n <= order; n++) {
            orderStart[n] = ngrams;
            LongIntHashMap table = n < order ? contexts : new LongIntHashMap(INITIAL_TABLE_SIZE);
            if (n == 1) {
                countUnigrams(table, ngramEndingAt);
            } else {
                countOrder(n, table, ngramEndingAt);
            }
        }
        orderStart[order + 1] = ngrams;
        ContextTrie trie = new ContextTrie(contexts, Arrays.copyOf(orderStart, order + 1));
        return new Counts(trie, Successors.group(trie.size(), ngrams, contextOf, lastTokenOf, countOf, bos));
    }

    private void countUnigrams(LongIntHashMap table, int[] ngramEndingAt) {
        for (int position = 0; position < stream.length; position++) {
            int token = stream[position];
            int ngram = table.putIfAbsent(ContextTrie.key(ContextTrie.ROOT, token), ngrams);
            if (ngram == LongIntHashMap.MISSING) {
                ngram = newNgram(ContextTrie.ROOT, token);
            }
            if (order == 1 && token != bos) {
                countOf[ngram]++;
            }
            ngramEndingAt[position] = ngram;
        }
    }

    /** Turns {@code ngramEndingAt} from order n-1 into order n, right to left so position-1 still holds n-1. */
    private void countOrder(int n, LongIntHashMap table, int[] ngramEndingAt) {
        for (int end = stream.length - 1; end >= 0; end--) {
            int suffix = ngramEndingAt[end];
            int first = end - n + 1;
            if (suffix == LongIntHashMap.MISSING || first < 0 || stream[first + 1] == bos) {
                ngramEndingAt[end] = LongIntHashMap.MISSING; // nothing lies left of a sequence start
                continue;
            }
            int firstToken = stream[first];
            int ngram = table.putIfAbsent(ContextTrie.key(suffix, firstToken), ngrams);
            if (ngram == LongIntHashMap.MISSING) {
                ngram = newNgram(ngramEndingAt[end - 1], stream[end]);
                countOf[suffix]++; // a new distinct left neighbour of the suffix
            }
            if (n == order || firstToken == bos) {
                countOf[ngram]++;
            }
            ngramEndingAt[end] = ngram;
        }
    }

    private int newNgram(int context, int lastToken) {
        if (ngrams == contextOf.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, ngrams + (ngrams >> 1));
            contextOf = Arrays.copyOf(contextOf, capacity);
            lastTokenOf = Arrays.copyOf(lastTokenOf, capacity);
            countOf = Arrays.copyOf(countOf, capacity);
        }
        contextOf[ngrams] = context;
        lastTokenOf[ngrams] = lastToken;
        return ngrams++;
    }
}
