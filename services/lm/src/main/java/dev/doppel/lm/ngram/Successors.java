package dev.doppel.lm.ngram;

import java.util.Arrays;

/**
 * For each context, the tokens seen right after it with their Kneser-Ney counts, in compressed sparse rows:
 * the successors of context {@code c} are entries {@code [start[c], start[c + 1])}, sorted by token so that one
 * lookup is a binary search and a whole next-token distribution is a scan. Every n-gram of every order is
 * exactly one entry (its context plus its last token), at 8 bytes.
 */
final class Successors {

    private final int[] start;
    private final int[] tokens;
    private final int[] counts;

    Successors(int[] start, int[] tokens, int[] counts) {
        this.start = start;
        this.tokens = tokens;
        this.counts = counts;
    }

    /**
     * Groups n-grams {@code 1 .. ngrams-1} (id 0 is the empty context) by context and sorts each group by token.
     * N-grams ending in {@code skipToken} (the begin-of-sequence marker, never predicted) are left out.
     */
    static Successors group(int contexts, int ngrams, int[] contextOf, int[] lastTokenOf, int[] countOf, int skipToken) {
        // Counting sort in place: start[c] first holds the end of group c, then is decremented once per entry
        // placed, ending at the group's first entry. No second index array for the largest corpora.
        int[] start = new int[contexts + 1];
        for (int ngram = 1; ngram < ngrams; ngram++) {
            if (lastTokenOf[ngram] != skipToken) {
                start[contextOf[ngram]]++;
            }
        }
        for (int context = 1; context < contexts; context++) {
            start[context] += start[context - 1];
        }
        int entries = start[contexts - 1]; // contexts >= 1: the empty context always exists
        start[contexts] = entries;
        int[] tokens = new int[entries];
        int[] counts = new int[entries];
        for (int ngram = ngrams - 1; ngram >= 1; ngram--) {
            if (lastTokenOf[ngram] != skipToken) {
                int entry = --start[contextOf[ngram]];
                tokens[entry] = lastTokenOf[ngram];
                counts[entry] = countOf[ngram];
            }
        }
        long[] scratch = new long[0];
        for (int context = 0; context < contexts; context++) {
            scratch = sortByToken(tokens, counts, start[context], start[context + 1], scratch);
        }
        return new Successors(start, tokens, counts);
    }

    /** Sorts one group, carrying counts along as the low half of (token, count) longs; returns the scratch. */
    private static long[] sortByToken(int[] tokens, int[] counts, int from, int to, long[] scratch) {
        int size = to - from;
        if (size > scratch.length) {
            scratch = new long[Math.max(size, 2 * scratch.length)];
        }
        for (int i = 0; i < size; i++) {
            scratch[i] = ((long) tokens[from + i] << 32) | counts[from + i];
        }
        Arrays.sort(scratch, 0, size);
        for (int i = 0; i < size; i++) {
            tokens[from + i] = (int) (scratch[i] >>> 32);
            counts[from + i] = (int) scratch[i];
        }
        return scratch;
    }

    /** The count of {@code context + token}, 0 when never seen. */
    int count(int context, int token) {
        int entry = Arrays.binarySearch(tokens, start[context], start[context + 1], token);
        return entry >= 0 ? counts[entry] : 0;
    }

    int from(int context) {
        return start[context];
    }

    int to(int context) {
        return start[context + 1];
    }

    int token(int entry) {
        return tokens[entry];
    }

    int countAt(int entry) {
        return counts[entry];
    }

    int contexts() {
        return start.length - 1;
    }

    int entries() {
        return tokens.length;
    }

    long memoryBytes() {
        return (long) (start.length + tokens.length + counts.length) * Integer.BYTES;
    }
}
