package dev.doppel.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.ingest.service.DatasetSplitter.Splits;
import dev.doppel.ingest.service.format.PromptCompletion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetSplitterTest {
    private final DatasetSplitter splitter = new DatasetSplitter(0.1, 0.1);

    private static List<PromptCompletion> examples(int prompts, int repliesPerPrompt) {
        var examples = new ArrayList<PromptCompletion>();
        for (int p = 0; p < prompts; p++) {
            for (int r = 0; r < repliesPerPrompt; r++) {
                examples.add(new PromptCompletion("message number " + p, "reply " + r + " to " + p));
            }
        }
        return examples;
    }

    private static Set<String> prompts(List<PromptCompletion> split) {
        var set = new HashSet<String>();
        split.forEach(e -> set.add(DatasetSplitter.normalize(e.prompt())));
        return set;
    }

    @Test
    void theSameInputAlwaysSplitsTheSameWay() {
        var input = examples(200, 2);
        Splits first = splitter.split(input);
        Splits second = new DatasetSplitter(0.1, 0.1).split(List.copyOf(input));
        assertEquals(first, second);
        // The split depends on each prompt, not on its neighbours: shuffling moves nobody across splits.
        var shuffled = new ArrayList<>(input);
        Collections.shuffle(shuffled, new Random(7));
        Splits third = splitter.split(shuffled);
        assertEquals(new HashSet<>(first.train()), new HashSet<>(third.train()));
        assertEquals(new HashSet<>(first.test()), new HashSet<>(third.test()));
    }

    @Test
    void noPromptLandsInTwoSplits() {
        var input = new ArrayList<>(examples(300, 3));
        input.add(new PromptCompletion("  message   number 5 ", "a reply with different whitespace in the prompt"));
        Splits splits = splitter.split(input);
        Set<String> train = prompts(splits.train());
        Set<String> validation = prompts(splits.validation());
        Set<String> test = prompts(splits.test());
        assertTrue(Collections.disjoint(train, validation));
        assertTrue(Collections.disjoint(train, test));
        assertTrue(Collections.disjoint(validation, test));
        assertEquals(input.size(), splits.total());
        assertEquals(300, splits.distinctPrompts(), "the respaced prompt joins its group");
    }

    @Test
    void sharesComeCloseToTheTargets() {
        Splits splits = splitter.split(examples(2000, 1));
        assertEquals(1600, splits.train().size(), 80);
        assertEquals(200, splits.validation().size(), 50);
        assertEquals(200, splits.test().size(), 50);
    }

    @Test
    void threePromptsGiveOneToEachSplit() {
        for (int offset = 0; offset < 50; offset++) {
            var input = List.of(
                    new PromptCompletion("hi " + offset, "hey!"),
                    new PromptCompletion("lunch " + offset, "yes pls"),
                    new PromptCompletion("movie " + offset, "which one?"));
            Splits splits = splitter.split(input);
            assertEquals(1, splits.train().size(), "offset " + offset);
            assertEquals(1, splits.validation().size(), "offset " + offset);
            assertEquals(1, splits.test().size(), "offset " + offset);
        }
    }

    @Test
    void smallFilesGetAValidationAndATestExample() {
        for (int n = 3; n < 40; n++) {
            Splits splits = splitter.split(examples(n, 1));
            assertFalse(splits.validation().isEmpty(), n + " examples");
            assertFalse(splits.test().isEmpty(), n + " examples");
            assertFalse(splits.train().isEmpty(), n + " examples");
        }
    }

    @Test
    void fewerThanThreePromptsAreSplitWithoutLeaking() {
        Splits splits = splitter.split(examples(1, 5));
        assertEquals(5, Math.max(splits.train().size(), Math.max(splits.validation().size(), splits.test().size())));
        assertEquals(1, splits.distinctPrompts());
    }

    @Test
    void dropsExactDuplicatesAfterWhitespaceNormalization() {
        var input = List.of(
                new PromptCompletion("are you coming?", "yes!! see you at 8"),
                new PromptCompletion("are you  coming?\n", " yes!!  see you at 8 "),
                new PromptCompletion("are you coming?", "yes!! see you at 9"),
                new PromptCompletion("are you coming?", "yes!! see you at 8"),
                new PromptCompletion("Are you coming?", "yes!! see you at 8"));
        Splits splits = splitter.split(input);
        assertEquals(2, splits.duplicatesRemoved());
        assertEquals(3, splits.total());
        // The first spelling is the one kept.
        var kept = new ArrayList<PromptCompletion>();
        kept.addAll(splits.train());
        kept.addAll(splits.validation());
        kept.addAll(splits.test());
        assertTrue(kept.contains(input.get(0)));
        assertFalse(kept.contains(input.get(1)));
    }

    @Test
    void keepsFileOrderInsideASplit() {
        var input = examples(500, 1);
        Splits splits = splitter.split(input);
        List<PromptCompletion> train = splits.train();
        for (int i = 1; i < train.size(); i++) {
            assertTrue(input.indexOf(train.get(i - 1)) < input.indexOf(train.get(i)));
        }
    }

    @Test
    void refusesFractionsThatLeaveNothingToTrainOn() {
        assertThrows(IllegalArgumentException.class, () -> new DatasetSplitter(0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new DatasetSplitter(-0.1, 0.1));
    }
}
