package dev.doppel.lm.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KneserNeyModelTest {

    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int D = 3;
    private static final int E = 4; // in the vocabulary, never in the corpus

    /**
     * Order 2, vocabulary {a, b, c, d, e}, sequences "babcaa", "bcbddd", "bbbbb"; ^ is the sequence start.
     * <pre>
     * Bigram counts (top order: occurrences): ^b 3, bb 4, bc 2, dd 2, aa ab ba bd ca cb 1 each.
     *   count-of-counts n1..n4 = 6, 2, 1, 1;  Y = 6 / (6 + 2*2) = 3/5
     *   D1 = 1 - 2 Y n2/n1 = 1 - 2 (3/5) (2/6) = 3/5
     *   D2 = 2 - 3 Y n3/n2 = 2 - 3 (3/5) (1/2) = 11/10
     *   D3+ = 3 - 4 Y n4/n3 = 3 - 4 (3/5) = 3/5
     * Unigram counts (continuation: distinct left neighbours): a {b,c,a} 3, b {^,a,c,b} 4, c {b} 1, d {b,d} 2.
     *   n1..n4 = 1, 1, 1, 1;  Y = 1/3;  D1 = 1/3,  D2 = 2 - 3 (1/3) = 1,  D3+ = 3 - 4 (1/3) = 5/3
     *   S = 3 + 4 + 1 + 2 = 10;  gamma = (D3+ + D3+ + D1 + D2) / S = (5/3 + 5/3 + 1/3 + 1) / 10 = 7/15
     *   p1(w) = (c(w) - D(c(w))) / 10 + gamma / 5
     *   p1(a) = (3 - 5/3)/10 + 7/75 = 17/75      p1(b) = (4 - 5/3)/10 + 7/75 = 49/150
     *   p1(c) = (1 - 1/3)/10 + 7/75 = 4/25       p1(d) = (2 - 1)/10 + 7/75 = 29/150     p1(e) = 7/75
     * After b: ba 1, bb 4, bc 2, bd 1;  S = 8;  gamma = (3/5 + 3/5 + 11/10 + 3/5) / 8 = 29/80
     *   p(b|b) = (4 - 3/5)/8 + 29/80 * 49/150 = 6521/12000
     *   p(c|b) = (2 - 11/10)/8 + 29/80 * 4/25 = 341/2000
     *   p(e|b) = 29/80 * 7/75 = 203/6000
     * At the start: ^b 3;  S = 3;  gamma = (3/5) / 3 = 1/5
     *   p(b|^) = (3 - 3/5)/3 + 1/5 * 49/150 = 649/750      p(a|^) = 1/5 * 17/75 = 17/375
     * After e (never a context): the unigram distribution, p(d|e) = 29/150.
     * </pre>
     */
    @Test
    void orderTwoMatchesHandComputedProbabilities() {
        KneserNeyModel model = KneserNeyModel.train(List.of(ids("babcaa"), ids("bcbddd"), ids("bbbbb")), 2, 5);

        assertEquals(3.0 / 5, model.discount(2, 1), 1e-15);
        assertEquals(11.0 / 10, model.discount(2, 2), 1e-15);
        assertEquals(3.0 / 5, model.discount(2, 7), 1e-15);
        assertEquals(1.0 / 3, model.discount(1, 1), 1e-15);
        assertEquals(1.0, model.discount(1, 2), 1e-15);
        assertEquals(5.0 / 3, model.discount(1, 3), 1e-15);

        assertProbability(6521.0 / 12000, model, ids("b"), B);
        assertProbability(341.0 / 2000, model, ids("ab"), C);
        assertProbability(203.0 / 6000, model, ids("cccb"), E);
        assertProbability(649.0 / 750, model, new int[0], B);
        assertProbability(17.0 / 375, model, new int[0], A);
        assertProbability(29.0 / 150, model, new int[] {E}, D);
        assertProbability(7.0 / 75, model, new int[] {E}, E);
    }

    @Test
    void distributionsSumToOneAndMatchLogProbForOrdersOneToSeven() {
        Random random = new Random(3);
        int vocabSize = 30;
        List<int[]> corpus = Corpora.randomSequences(random, 40, 60, 20); // tokens 20..29 never seen
        for (int order = 1; order <= 7; order++) {
            KneserNeyModel model = KneserNeyModel.train(corpus, order, vocabSize);
            for (int trial = 0; trial < 200; trial++) {
                // Half the histories are prefixes of training sequences (seen contexts), half random (mostly unseen).
                int[] history = trial % 2 == 0 ? prefix(corpus.get(random.nextInt(corpus.size())), random)
                        : random.ints(random.nextInt(10), 0, vocabSize).toArray();
                double[] distribution = model.distribution(history);
                double sum = 0;
                for (int token = 0; token < vocabSize; token++) {
                    assertTrue(distribution[token] > 0, "order " + order + ", token " + token);
                    assertEquals(Math.log(distribution[token]), model.logProb(history, token), 1e-12);
                    sum += distribution[token];
                }
                assertEquals(1.0, sum, 1e-9, "order " + order);
            }
        }
    }

    @Test
    void agreesWithTheReferenceImplementationForOrdersOneToSeven() {
        Random random = new Random(11);
        int vocabSize = 12;
        List<int[]> corpus = Corpora.randomSequences(random, 60, 40, 8);
        corpus.add(new int[0]);
        for (int order = 1; order <= 7; order++) {
            KneserNeyModel model = KneserNeyModel.train(corpus, order, vocabSize);
            ReferenceKneserNey reference = new ReferenceKneserNey(corpus, order, vocabSize);
            for (int trial = 0; trial < 300; trial++) {
                int[] history = trial % 3 == 0 ? random.ints(random.nextInt(9), 0, vocabSize).toArray()
                        : prefix(corpus.get(random.nextInt(corpus.size())), random);
                int token = random.nextInt(vocabSize);
                assertEquals(Math.log(reference.probability(history, token)), model.logProb(history, token), 1e-12,
                        "order " + order);
            }
        }
    }

    @Test
    void unseenTokensAndAnEmptyCorpusStillGetPositiveProbability() {
        KneserNeyModel model = KneserNeyModel.train(List.of(ids("abab"), ids("abba")), 3, 5);
        assertTrue(Double.isFinite(model.logProb(ids("ab"), E)));
        assertTrue(model.logProb(ids("ab"), E) < model.logProb(ids("ab"), A));

        KneserNeyModel empty = KneserNeyModel.train(List.of(), 5);
        assertEquals(KneserNeyModel.DEFAULT_ORDER, empty.order());
        assertEquals(Math.log(1.0 / 5), empty.logProb(ids("ab"), C), 1e-15);
    }

    @Test
    void heldOutTextFromTheSameSourceScoresFarBetterThanShuffledText() {
        Random random = new Random(5);
        KneserNeyModel model = KneserNeyModel.train(Corpora.sentences(random, 2000), 5, 128);
        List<int[]> heldOut = Corpora.sentences(random, 200);
        List<int[]> shuffled = new ArrayList<>();
        for (int[] sentence : heldOut) {
            List<Integer> characters = new ArrayList<>(java.util.Arrays.stream(sentence).boxed().toList());
            Collections.shuffle(characters, random);
            shuffled.add(characters.stream().mapToInt(Integer::intValue).toArray());
        }
        int characters = Corpora.characters(heldOut);
        double natural = model.score(heldOut).natsPerChar(characters);
        double scrambled = model.score(shuffled).natsPerChar(characters);
        assertTrue(natural < 0.5, "held-out " + natural + " nats/char");
        assertTrue(scrambled > 4 * natural, "shuffled " + scrambled + " vs held-out " + natural + " nats/char");
    }

    @Test
    void theMaskDecidesWhichTokensCount() {
        KneserNeyModel model = KneserNeyModel.train(Corpora.sentences(new Random(2), 300), 4, 128);
        int[] sequence = "the cat found my hat.".chars().toArray();
        boolean[] responseOnly = new boolean[sequence.length];
        double expected = 0;
        for (int position = 12; position < sequence.length; position++) {
            responseOnly[position] = true;
            expected -= model.logProb(java.util.Arrays.copyOf(sequence, position), sequence[position]);
        }

        Score masked = model.score(List.of(sequence), List.of(responseOnly));
        assertEquals(sequence.length - 12, masked.tokens());
        assertEquals(expected, masked.nll(), 1e-9);

        Score all = model.score(List.of(sequence));
        assertEquals(sequence.length, all.tokens());
        assertTrue(all.nll() > masked.nll());
        assertEquals(all.nll(), model.score(List.of(sequence), null).nll(), 0.0);
        assertEquals(0, model.score(List.of(sequence), List.of(new boolean[sequence.length])).tokens());
        assertEquals(Math.exp(all.nll() / all.tokens()), all.perplexity(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> model.score(List.of(sequence), List.of(new boolean[3])));
    }

    @Test
    void tokensOutsideTheVocabularyAreRejectedWithTheirPlace() {
        IllegalArgumentException training = assertThrows(IllegalArgumentException.class,
                () -> KneserNeyModel.train(List.of(new int[] {1, 2}, new int[] {0, 5}), 3, 5));
        assertTrue(training.getMessage().contains("sequence 1, position 1"), training.getMessage());
        KneserNeyModel model = KneserNeyModel.train(List.of(new int[] {1, 2}), 3, 5);
        assertThrows(IllegalArgumentException.class, () -> model.logProb(new int[] {1, 2}, 5));
        assertThrows(IllegalArgumentException.class, () -> model.logProb(new int[] {-1, 2}, 0));
        assertThrows(IllegalArgumentException.class, () -> KneserNeyModel.train(List.of(), 0, 5));
    }

    private static void assertProbability(double expected, KneserNeyModel model, int[] history, int token) {
        assertEquals(Math.log(expected), model.logProb(history, token), 1e-12);
    }

    private static int[] prefix(int[] sequence, Random random) {
        return java.util.Arrays.copyOf(sequence, random.nextInt(sequence.length + 1));
    }

    private static int[] ids(String letters) {
        return letters.chars().map(letter -> letter - 'a').toArray();
    }
}
