package dev.doppel.lm.ngram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Modified Kneser-Ney written straight from the formulas with boxed maps of token lists: slow and obviously
 * shaped like the maths, so that the fast model can be checked against it on small corpora.
 */
final class ReferenceKneserNey {

    private final int order;
    private final int vocabSize;
    private final int bos;
    private final Map<List<Integer>, Integer> counts = new HashMap<>();
    private final Map<List<Integer>, Map<Integer, Integer>> successors = new HashMap<>();
    private final double[][] discounts;

    ReferenceKneserNey(List<int[]> sequences, int order, int vocabSize) {
        this.order = order;
        this.vocabSize = vocabSize;
        this.bos = vocabSize;
        Map<List<Integer>, Integer> occurrences = new HashMap<>();
        Map<List<Integer>, Set<Integer>> leftNeighbours = new HashMap<>();
        for (int[] sequence : sequences) {
            int[] padded = new int[sequence.length + 1];
            padded[0] = bos;
            System.arraycopy(sequence, 0, padded, 1, sequence.length);
            for (int end = 1; end < padded.length; end++) {
                for (int n = 1; n <= order && end - n + 1 >= 0; n++) {
                    List<Integer> ngram = slice(padded, end - n + 1, end + 1);
                    occurrences.merge(ngram, 1, Integer::sum);
                    if (end - n >= 0) {
                        leftNeighbours.computeIfAbsent(ngram, k -> new HashSet<>()).add(padded[end - n]);
                    }
                }
            }
        }
        discounts = new double[order + 1][];
        List<List<Long>> countOfCounts = new ArrayList<>();
        for (int n = 0; n <= order; n++) {
            countOfCounts.add(new ArrayList<>(List.of(0L, 0L, 0L, 0L, 0L)));
        }
        for (Map.Entry<List<Integer>, Integer> entry : occurrences.entrySet()) {
            List<Integer> ngram = entry.getKey();
            boolean occurrenceCounted = ngram.size() == order || ngram.get(0) == bos;
            int count = occurrenceCounted ? entry.getValue() : leftNeighbours.get(ngram).size();
            counts.put(ngram, count);
            successors.computeIfAbsent(ngram.subList(0, ngram.size() - 1), k -> new HashMap<>())
                    .put(ngram.get(ngram.size() - 1), count);
            if (count <= 4) {
                List<Long> row = countOfCounts.get(ngram.size());
                row.set(count, row.get(count) + 1);
            }
        }
        for (int n = 1; n <= order; n++) {
            List<Long> row = countOfCounts.get(n);
            discounts[n] = Discounts.fromCountOfCounts(row.get(1), row.get(2), row.get(3), row.get(4));
        }
    }

    double probability(int[] history, int token) {
        int[] full = new int[history.length + 1];
        full[0] = bos;
        System.arraycopy(history, 0, full, 1, history.length);
        int contextLength = Math.min(order - 1, full.length);
        return probability(slice(full, full.length - contextLength, full.length), token);
    }

    private double probability(List<Integer> context, int token) {
        double lower = context.isEmpty() ? 1.0 / vocabSize : probability(context.subList(1, context.size()), token);
        Map<Integer, Integer> following = successors.getOrDefault(context, Map.of());
        if (following.isEmpty()) {
            return lower;
        }
        int n = context.size() + 1;
        double total = 0;
        double discounted = 0;
        for (int count : following.values()) {
            total += count;
            discounted += discount(n, count);
        }
        int count = following.getOrDefault(token, 0);
        return (count - discount(n, count)) / total + discounted / total * lower;
    }

    private double discount(int n, int count) {
        return count == 0 ? 0 : discounts[n][Math.min(count, 3)];
    }

    private static List<Integer> slice(int[] tokens, int from, int to) {
        return Arrays.stream(tokens, from, to).boxed().toList();
    }
}
