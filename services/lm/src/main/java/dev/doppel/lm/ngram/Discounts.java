package dev.doppel.lm.ngram;

/**
 * Modified Kneser-Ney's three discounts per order (Chen &amp; Goodman 1998, eq. 26), estimated from that
 * order's count-of-counts n1..n4:
 * <pre>
 *   Y = n1 / (n1 + 2 n2)    D1 = 1 - 2Y n2/n1    D2 = 2 - 3Y n3/n2    D3+ = 3 - 4Y n4/n3
 * </pre>
 * A count c loses D(c) = D1, D2 or D3+ for c = 1, 2, >= 3; the mass taken goes to the lower order.
 *
 * <p>Tiny or degenerate corpora can leave a count-of-counts at zero, which makes an estimate undefined or
 * outside (0, k]. Then D2 and D3+ fall back to the discount of the class below, which is plain interpolated
 * Kneser-Ney with Ney's D = Y; with no singletons at all, D1 is 0.5. A discount stays above zero so every
 * context keeps mass for the lower orders (every token positive) and at most k so no count goes negative.
 */
final class Discounts {

    static final double NO_SINGLETONS_DISCOUNT = 0.5;

    /** {@code byOrder[n][c]}: the discount of a count c (0, 1, 2, 3+) at order n; index 0 of each is 0. */
    private final double[][] byOrder;

    private Discounts(double[][] byOrder) {
        this.byOrder = byOrder;
    }

    /** From the Kneser-Ney counts of all n-grams, order n being the successors of contexts of length n-1. */
    static Discounts estimate(ContextTrie contexts, Successors successors, int order) {
        double[][] byOrder = new double[order + 1][];
        byOrder[0] = new double[4];
        for (int n = 1; n <= order; n++) {
            long[] countOfCounts = new long[5];
            int end = successors.from(contexts.lengthStart(n));
            for (int entry = successors.from(contexts.lengthStart(n - 1)); entry < end; entry++) {
                int count = successors.countAt(entry);
                if (count <= 4) {
                    countOfCounts[count]++;
                }
            }
            byOrder[n] = fromCountOfCounts(countOfCounts[1], countOfCounts[2], countOfCounts[3], countOfCounts[4]);
        }
        return new Discounts(byOrder);
    }

    /** {@code {0, D1, D2, D3+}} from the number of n-grams seen exactly 1, 2, 3 and 4 times. */
    static double[] fromCountOfCounts(long n1, long n2, long n3, long n4) {
        double y = (double) n1 / (n1 + 2.0 * n2);
        double d1 = 1 - 2 * y * n2 / n1;
        double d2 = 2 - 3 * y * n3 / n2;
        double d3 = 3 - 4 * y * n4 / n3;
        d1 = valid(d1, 1) ? d1 : NO_SINGLETONS_DISCOUNT;
        d2 = valid(d2, 2) ? d2 : d1;
        d3 = valid(d3, 3) ? d3 : d2;
        return new double[] {0, d1, d2, d3};
    }

    /** The discount of an n-gram of this order seen {@code count} times (0 for unseen). */
    double of(int order, int count) {
        return byOrder[order][Math.min(count, 3)];
    }

    private static boolean valid(double discount, int count) {
        return discount > 0 && discount <= count; // also false for NaN
    }
}
