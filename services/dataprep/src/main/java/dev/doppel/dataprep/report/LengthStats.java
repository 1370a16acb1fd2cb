package dev.doppel.dataprep.report;

import java.util.Arrays;

/** Lengths in tokens, as {@code openai tools fine_tunes.prepare_data} summarizes them. */
public record LengthStats(int count, int min, int max, double mean, int p50, int p95) {
    public static final LengthStats EMPTY = new LengthStats(0, 0, 0, 0, 0, 0);

    public static LengthStats of(int[] lengths) {
        if (lengths.length == 0) {
            return EMPTY;
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        long sum = 0;
        for (int length : sorted) {
            sum += length;
        }
        return new LengthStats(sorted.length, sorted[0], sorted[sorted.length - 1], (double) sum / sorted.length,
                percentile(sorted, 0.50), percentile(sorted, 0.95));
    }

    /** Nearest-rank percentile. */
    private static int percentile(int[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
