package dev.doppel.dataprep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WarningsTest {
    private static Example pair(int line, String prompt, String completion) {
        return Example.of(prompt, completion, prompt, "f.jsonl:" + line);
    }

    private static Map<String, Warning> byCode(List<Warning> warnings) {
        return warnings.stream().collect(Collectors.toMap(Warning::code, Function.identity()));
    }

    @Test
    void findsEachProblemWithWhereToLook() {
        var examples = List.of(
                pair(1, "hi", "Sure thing. See you\n\nSent from my phone"),
                pair(2, "hi", "Nope\n\nSent from my phone"),
                pair(3, "long one", "   \n\nSent from my phone"));
        int[] tokens = {10, 10, 5000};

        Map<String, Warning> warnings = byCode(Warnings.check(examples, tokens, 1024));

        assertEquals(3, warnings.get("few_examples").count());
        assertEquals(List.of("f.jsonl:3"), warnings.get("too_long").locations());
        assertEquals(List.of("f.jsonl:1", "f.jsonl:2"), warnings.get("duplicated_prompts").locations());
        assertTrue(warnings.get("common_suffix").message().contains("Sent from my phone"));
        assertTrue(!warnings.containsKey("common_prefix"));
        assertTrue(!warnings.containsKey("empty_completions"), "a reply of whitespace plus a signature is not empty");
    }

    @Test
    void aCleanDatasetHasNoWarnings() {
        var examples = new ArrayList<Example>();
        for (int i = 0; i < 120; i++) {
            examples.add(pair(i + 1, "question " + i, (i % 2 == 0 ? "yes, " : "no: ") + i));
        }
        assertEquals(List.of(), Warnings.check(examples, new int[120], 1024));
    }

    @Test
    void emptyRepliesAreCounted() {
        var examples = List.of(pair(1, "a", ""), pair(2, "b", " "), pair(3, "c", "fine"));
        assertEquals(2, byCode(Warnings.check(examples, new int[3], 1024)).get("empty_completions").count());
    }

    @Test
    void lengthStatsUseNearestRankPercentiles() {
        LengthStats stats = LengthStats.of(new int[] {5, 1, 3, 2, 4});
        assertEquals(new LengthStats(5, 1, 5, 3.0, 3, 5), stats);
    }
}
