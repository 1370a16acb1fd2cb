package dev.doppel.dataprep.report;

import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.format.PromptGroups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checks of {@code openai tools fine_tunes.prepare_data}, with what to do about each finding. */
public final class Warnings {
    /** Below this many pairs a personal model learns little of a person's voice. */
    public static final int RECOMMENDED_EXAMPLES = 100;
    private static final int MAX_LOCATIONS = 5;
    /** Shorter shared prefixes ("I", "Hi") are how people write, not an artifact. */
    private static final int MIN_AFFIX_CHARS = 4;

    private Warnings() {
    }

    /**
     * @param tokens prompt + completion tokens of each example (same order), template tokens included
     */
    public static List<Warning> check(List<Example> examples, int[] tokens, int contextTokens) {
        var warnings = new ArrayList<Warning>();
        if (examples.size() < RECOMMENDED_EXAMPLES) {
            warnings.add(new Warning("few_examples", "only " + examples.size() + " prompt/reply pairs",
                    "upload more conversations: a few hundred replies or more teach a model a voice; "
                            + "below " + RECOMMENDED_EXAMPLES + " expect it to copy phrases rather than style",
                    examples.size(), List.of()));
        }
        var tooLong = new ArrayList<String>();
        var empty = new ArrayList<String>();
        for (int i = 0; i < examples.size(); i++) {
            if (tokens[i] > contextTokens) {
                tooLong.add(examples.get(i).location());
            }
            if (examples.get(i).completion().isBlank()) {
                empty.add(examples.get(i).location());
            }
        }
        if (!tooLong.isEmpty()) {
            warnings.add(new Warning("too_long", tooLong.size() + " examples are longer than the " + contextTokens
                    + "-token context", "training keeps the end of the reply and cuts earlier context; "
                    + "shorten them, lower the context turns, or train with a longer context", tooLong.size(),
                    first(tooLong)));
        }
        if (!empty.isEmpty()) {
            warnings.add(new Warning("empty_completions", empty.size() + " examples have an empty reply",
                    "an empty reply teaches the model to say nothing: remove them", empty.size(), first(empty)));
        }
        duplicatedPrompts(examples).ifPresent(warnings::add);
        commonAffix(examples, true).ifPresent(warnings::add);
        commonAffix(examples, false).ifPresent(warnings::add);
        return warnings;
    }

    private static Optional<Warning> duplicatedPrompts(List<Example> examples) {
        Map<String, Integer> counts = new HashMap<>();
        for (Example example : examples) {
            counts.merge(PromptGroups.normalize(example.prompt()), 1, Integer::sum);
        }
        var locations = new ArrayList<String>();
        for (Example example : examples) {
            if (counts.get(PromptGroups.normalize(example.prompt())) > 1) {
                locations.add(example.location());
            }
        }
        if (locations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Warning("duplicated_prompts", locations.size()
                + " examples share their prompt with another example",
                "the same message answered in different ways is fine for short prompts (\"ok?\"); "
                        + "for longer ones keep the reply you would give today", locations.size(), first(locations)));
    }

    /** All replies starting (or ending) alike, e.g. a greeting or "Sent from my iPhone", get learned as a rule. */
    private static Optional<Warning> commonAffix(List<Example> examples, boolean prefix) {
        if (examples.size() < 2) {
            return Optional.empty();
        }
        String common = examples.getFirst().completion();
        for (Example example : examples) {
            common = prefix ? commonPrefix(common, example.completion()) : commonSuffix(common, example.completion());
            if (common.isBlank()) {
                return Optional.empty();
            }
        }
        if (common.strip().length() < MIN_AFFIX_CHARS) {
            return Optional.empty();
        }
        String where = prefix ? "start" : "end";
        return Optional.of(new Warning(prefix ? "common_prefix" : "common_suffix",
                "all replies " + where + " with \"" + common.strip() + "\"",
                "the model will " + where + " every reply with it; remove it from the data unless that is intended",
                examples.size(), List.of()));
    }

    private static String commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }

    private static String commonSuffix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
            i++;
        }
        return a.substring(a.length() - i);
    }

    private static List<String> first(List<String> locations) {
        return List.copyOf(locations.subList(0, Math.min(MAX_LOCATIONS, locations.size())));
    }
}
