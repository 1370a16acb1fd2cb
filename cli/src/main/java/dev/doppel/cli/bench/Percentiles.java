package dev.doppel.cli.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles: always one of the samples, never an interpolation between two. */
final class Percentiles {

    /** The smallest sample with at least {@code p} percent of the samples at or below it; NaN for none. */
    static double nearestRank(Collection<Double> samples, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    private Percentiles() {
    }
}
