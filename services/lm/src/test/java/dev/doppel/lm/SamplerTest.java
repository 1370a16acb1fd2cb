package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The nucleus filter against the obvious version: sort token ids by probability (stable), keep a prefix. */
class SamplerTest {

    @Test
    void nucleusKeepsTheSameTokensAsAStableSortOfIdsTiesIncluded() {
        Random random = new Random(5);
        for (int round = 0; round < 500; round++) {
            int size = 1 + random.nextInt(40);
            double[] p = new double[size];
            for (int i = 0; i < size; i++) {
                // few distinct values, so ties at the cutoff are common; some zeros
                p[i] = random.nextInt(4) == 0 ? 0 : (1 + random.nextInt(5)) / 8.0;
            }
            double topP = random.nextDouble();
            double[] expected = p.clone();
            keepNucleusBySortingIds(expected, topP);
            double[] actual = p.clone();
            Sampler.keepNucleus(actual, topP);
            assertArrayEquals(expected, actual, 0.0, () -> Arrays.toString(p) + " top_p " + topP);
        }
    }

    private static void keepNucleusBySortingIds(double[] p, double topP) {
        Integer[] order = new Integer[p.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
            total += p[i];
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        double kept = 0;
        int i = 0;
        while (i < order.length && kept < topP * total) {
            kept += p[order[i++]];
        }
        for (; i < order.length; i++) {
            p[order[i]] = 0;
        }
    }
}
