package dev.doppel.dataprep.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
    private static final String ORIGINAL = String.join(" ",
            "Thanks for the notes from yesterday's meeting. I went through the budget figures again and",
            "I think we can move the launch to the second week of October if the vendor confirms the",
            "delivery dates by Friday. Could you ask Maria to send the updated contract draft to the whole",
            "team before our call on Monday morning at nine thirty.");
    /** The same mail with two words changed. */
    private static final String EDITED = ORIGINAL.replace("yesterday's", "Tuesday's").replace("Friday", "Thursday");

    @Test
    void theEditedMailIsAboutNinetyPercentSimilar() {
        assertEquals(60, ORIGINAL.split(" ").length);
        double jaccard = exactJaccard(ORIGINAL, EDITED);
        assertTrue(jaccard > 0.85 && jaccard < 0.93, "Jaccard " + jaccard);
    }

    @Test
    void aFewChangedWordsAreANearDuplicateAtPointEight() {
        NearDuplicates duplicates = new NearDuplicates(0.8);
        assertTrue(duplicates.addIfNovel(ORIGINAL));
        assertFalse(duplicates.addIfNovel(EDITED));
        assertFalse(duplicates.addIfNovel(ORIGINAL.toUpperCase()));
    }

    @Test
    void aFewChangedWordsAreNoDuplicateAtPointNinetyFive() {
        NearDuplicates duplicates = new NearDuplicates(0.95);
        assertTrue(duplicates.addIfNovel(ORIGINAL));
        assertTrue(duplicates.addIfNovel(EDITED));
        assertFalse(duplicates.addIfNovel(ORIGINAL + " "));
    }

    @Test
    void aNearDuplicateIsNotAdded() {
        NearDuplicates duplicates = new NearDuplicates(0.8);
        assertTrue(duplicates.addIfNovel(ORIGINAL));
        assertFalse(duplicates.addIfNovel(EDITED));
        assertFalse(duplicates.addIfNovel(EDITED));
        assertEquals(1, duplicates.size());
    }

    @Test
    void unrelatedTextsAreAllNovel() {
        NearDuplicates duplicates = new NearDuplicates(0.8);
        List<String> texts = randomTexts(500, 40, new Random(7));
        for (String text : texts) {
            assertTrue(duplicates.addIfNovel(text), text);
        }
        assertTrue(duplicates.addIfNovel(ORIGINAL));
    }

    @Test
    void textsShorterThanAShingleCompareExactly() {
        NearDuplicates duplicates = new NearDuplicates(0.8);
        assertTrue(duplicates.addIfNovel("ok"));
        assertFalse(duplicates.addIfNovel(" OK "));
        assertTrue(duplicates.addIfNovel("ok!"));
        assertTrue(duplicates.addIfNovel(""));
        assertFalse(duplicates.addIfNovel("  "));
    }

    @Test
    void theSameInputsGiveTheSameAnswersEveryRun() {
        List<String> texts = randomTexts(200, 30, new Random(11));
        List<String> withEdits = new ArrayList<>(texts);
        Random random = new Random(12);
        for (String text : texts) {
            String[] words = text.split(" ");
            words[random.nextInt(words.length)] = "changed";
            withEdits.add(String.join(" ", words));
        }
        assertEquals(answers(withEdits), answers(withEdits));
    }

    @Test
    void theEstimateFollowsTheTrueJaccard() {
        NearDuplicates duplicates = new NearDuplicates(0.8);
        Random random = new Random(3);
        for (String text : randomTexts(50, 80, random)) {
            String[] words = text.split(" ");
            for (int k = 0; k < 1 + random.nextInt(20); k++) {
                words[random.nextInt(words.length)] = "x" + random.nextInt(1000);
            }
            String edited = String.join(" ", words);
            double estimate = duplicates.estimatedJaccard(
                    duplicates.signature(TextNormalizer.normalize(text)),
                    duplicates.signature(TextNormalizer.normalize(edited)));
            double exact = exactJaccard(text, edited);
            // 128 minima: standard error at most 0.045
            assertTrue(Math.abs(estimate - exact) < 0.15, estimate + " vs " + exact);
        }
    }

    @Test
    void bandsPutTheSCurveMidpointJustBelowTheThreshold() {
        for (double threshold : new double[] {0.7, 0.8, 0.9, 0.95}) {
            NearDuplicates duplicates = new NearDuplicates(threshold);
            double midpoint = Math.pow(1.0 / duplicates.bands(), 1.0 / duplicates.rows());
            assertTrue(midpoint <= threshold && midpoint > threshold - 0.06,
                    threshold + ": b=" + duplicates.bands() + " r=" + duplicates.rows() + " midpoint " + midpoint);
        }
        NearDuplicates eight = new NearDuplicates(0.8);
        assertEquals(12, eight.bands());
        assertEquals(10, eight.rows());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new NearDuplicates(0));
        assertThrows(IllegalArgumentException.class, () -> new NearDuplicates(1.5));
        assertThrows(IllegalArgumentException.class, () -> new NearDuplicates(0.8, 64, 10, 10, 5));
    }

    private static List<Boolean> answers(List<String> texts) {
        NearDuplicates duplicates = new NearDuplicates(0.8);
        return texts.stream().map(duplicates::addIfNovel).toList();
    }

    private static List<String> randomTexts(int count, int words, Random random) {
        String[] vocabulary = ORIGINAL.toLowerCase().replaceAll("[^a-z' ]", "").split(" ");
        List<String> texts = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                text.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
            }
            texts.add(text.toString().trim());
        }
        return texts;
    }

    private static double exactJaccard(String a, String b) {
        Set<String> first = shingles(TextNormalizer.normalize(a));
        Set<String> second = shingles(TextNormalizer.normalize(b));
        Set<String> union = new HashSet<>(first);
        union.addAll(second);
        first.retainAll(second);
        return (double) first.size() / union.size();
    }

    private static Set<String> shingles(String text) {
        Set<String> shingles = new HashSet<>();
        for (int i = 0; i + NearDuplicates.DEFAULT_SHINGLE_SIZE <= text.length(); i++) {
            shingles.add(text.substring(i, i + NearDuplicates.DEFAULT_SHINGLE_SIZE));
        }
        return shingles;
    }
}
