package dev.doppel.lm.ngram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KneserNeyGenerationTest {

    private static final int VOCAB = 257; // ASCII sentences, memorised tokens in [128, 256), and the stop token
    private static final int STOP = 256;
    private static final int PROMPT = 6;

    @Test
    void greedyGenerationReproducesAMemorisedSequence() {
        Random random = new Random(8);
        int[] memorised = random.ints(120, 128, STOP).toArray();
        KneserNeyModel model = KneserNeyModel.train(corpusWith(memorised, random), 7, VOCAB);

        int[] prompt = Arrays.copyOf(memorised, PROMPT);
        assertArrayEquals(Arrays.copyOfRange(memorised, PROMPT, memorised.length), model.generate(prompt, 500, 0, 1, STOP));
        assertArrayEquals(Arrays.copyOfRange(memorised, PROMPT, 40), model.generate(prompt, 40 - PROMPT, 0, 1, STOP));
    }

    @Test
    void sameSeedSameSampleOtherSeedOtherSample() {
        Random random = new Random(9);
        KneserNeyModel model = KneserNeyModel.train(Corpora.randomSequences(random, 50, 80, 20), 3, 50);
        int[] history = {1, 2, 3};

        int[] first = model.generate(history, 100, 1.0, 42, KneserNeyModel.NO_STOP_TOKEN);
        assertEquals(100, first.length);
        assertArrayEquals(first, model.generate(history, 100, 1.0, 42, KneserNeyModel.NO_STOP_TOKEN));
        assertFalse(Arrays.equals(first, model.generate(history, 100, 1.0, 43, KneserNeyModel.NO_STOP_TOKEN)));
        assertArrayEquals(model.generate(history, 20, 0, 1, KneserNeyModel.NO_STOP_TOKEN),
                model.generate(history, 20, 0, 2, KneserNeyModel.NO_STOP_TOKEN), "greedy ignores the seed");
        assertEquals(0, model.generate(history, 0, 1.0, 42, 49).length);
    }

    @Test
    void lowTemperatureSharpensAndHighTemperatureFlattens() {
        Random random = new Random(10);
        int[] memorised = random.ints(60, 128, STOP).toArray();
        KneserNeyModel model = KneserNeyModel.train(corpusWith(memorised, random), 5, VOCAB);
        int[] prompt = Arrays.copyOf(memorised, PROMPT);
        int[] rest = Arrays.copyOfRange(memorised, PROMPT, memorised.length);

        assertArrayEquals(rest, model.generate(prompt, 100, 0.05, 3, STOP));
        int[] hot = model.generate(prompt, rest.length, 50.0, 3, KneserNeyModel.NO_STOP_TOKEN);
        assertFalse(Arrays.equals(rest, hot));
    }

    @Test
    void badArgumentsAreRejected() {
        KneserNeyModel model = KneserNeyModel.train(List.of(new int[] {1, 2, 3}), 3, 5);
        assertThrows(IllegalArgumentException.class, () -> model.generate(new int[0], -1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> model.generate(new int[0], 5, -0.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> model.generate(new int[0], 5, Double.NaN, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> model.generate(new int[0], 5, 1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> model.generate(new int[] {7}, 5, 1, 0, 1));
    }

    /**
     * The memorised sequence, ended by the stop token, three times among sentences. The sentences give every
     * order natural count-of-counts: with only the memorised copies, every n-gram would be seen exactly 3 times,
     * n4 = 0 and the estimate D3+ = 3 - 4Y n4/n3 = 3 would discount a count of 3 to nothing.
     */
    private static List<int[]> corpusWith(int[] memorised, Random random) {
        List<int[]> corpus = new ArrayList<>(Corpora.sentences(random, 500));
        for (int copy = 0; copy < 3; copy++) {
            corpus.add(withStop(memorised));
        }
        return corpus;
    }

    private static int[] withStop(int[] tokens) {
        int[] stopped = Arrays.copyOf(tokens, tokens.length + 1);
        stopped[tokens.length] = STOP;
        return stopped;
    }
}
