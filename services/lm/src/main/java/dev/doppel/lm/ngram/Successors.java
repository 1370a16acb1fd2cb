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
        int[] start = new int[contexts + 1];
        for (int ngram = 1; ngram < ngrams; ngram++) {
            if (lastTokenOf[ngram] != skipToken) {
                start[contextOf[ngram] + 1]++;
            }
        }
        for (int context = 0; context < contexts; context++) {
            start[context + 1] += start[context];
        }
        // Pack (token, count) into one long so that sorting a group by token carries the counts along.
        long[] packed = new long[start[contexts]];
        int[] next = Arrays.copyOf(start, contexts);
        for (int ngram = 1; ngram < ngrams; ngram++) {
            if (lastTokenOf[ngram] != skipToken) {
                packed[next[contextOf[ngram]]++] = ((long) lastTokenOf[ngram] << 32) | countOf[ngram];
            }
        }
        int[] tokens = new int[packed.length];
        int[] counts = new int[packed.length];
        for (int context = 0; context < contexts; context++) {
            Arrays.sort(packed, start[context], start[context + 1]);
        }
        for (int entry = 0; entry < packed.length; entry++) {
            tokens[entry] = (int) (packed[entry] >>> 32);
            counts[entry] = (int) packed[entry];
        }
        return new Successors(start, tokens, counts);
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
