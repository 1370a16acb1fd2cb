package dev.doppel.lm.ngram;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small deterministic corpora for the n-gram tests. */
final class Corpora {

    private static final String[] SUBJECTS = {"the cat", "a dog", "my neighbour", "the old man", "her sister", "our team"};
    private static final String[] VERBS = {"sat on", "looked at", "walked past", "painted", "talked about", "found"};
    private static final String[] OBJECTS = {"the mat", "a red car", "the garden", "an open window", "the river", "my hat"};
    private static final String[] ENDINGS = {".", " today.", " again.", " in the morning.", "!", " quietly."};

    private Corpora() {
    }

    static List<int[]> randomSequences(Random random, int count, int maxLength, int vocabSize) {
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sequences.add(random.ints(random.nextInt(maxLength + 1), 0, vocabSize).toArray());
        }
        return sequences;
    }

    /** Template sentences, one per sequence, as ASCII codes (vocabulary 128). */
    static List<int[]> sentences(Random random, int count) {
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sentence = pick(random, SUBJECTS) + " " + pick(random, VERBS) + " " + pick(random, OBJECTS)
                    + pick(random, ENDINGS);
            sequences.add(sentence.chars().toArray());
        }
        return sequences;
    }

    static int characters(List<int[]> sequences) {
        return sequences.stream().mapToInt(sequence -> sequence.length).sum();
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
