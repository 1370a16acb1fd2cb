package dev.doppel.ingest.service;

import dev.doppel.ingest.service.format.PromptCompletion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Drops exact duplicates and splits examples into train / validation / test.
 *
 * <p>Leakage-free: every example with the same (whitespace-normalized) prompt goes to the same split,
 * chosen by a hash of that prompt, so a model is never scored on a prompt it trained on. The hash makes
 * the split deterministic — the same file always splits the same way, on any machine — and stable as a
 * file grows: adding examples does not move the old ones.
 *
 * <p>The fractions are targets. Once there are at least three distinct prompts each split gets at least
 * one prompt group, taken from the split with the most groups, so a small file still has something to
 * validate and test on.
 */
public final class DatasetSplitter {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final int SPLITS = 3;

    private final double validationFraction;
    private final double testFraction;

    public DatasetSplitter(double validationFraction, double testFraction) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation (" + validationFraction + ") and test (" + testFraction
                    + ") fractions must be non-negative and leave room for train");
        }
        this.validationFraction = validationFraction;
        this.testFraction = testFraction;
    }

    public Splits split(List<PromptCompletion> examples) {
        Map<String, PromptGroup> groups = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (PromptCompletion example : examples) {
            String prompt = normalize(example.prompt());
            if (!seen.add(prompt + '\u0000' + normalize(example.completion()))) {
                duplicates++;
                continue;
            }
            int order = groups.size();
            groups.computeIfAbsent(prompt, p -> new PromptGroup(order, bucket(p))).examples.add(example);
        }

        List<List<PromptGroup>> assigned = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (PromptGroup group : groups.values()) {
            assigned.get(splitOf(group.bucket)).add(group);
        }
        if (groups.size() >= SPLITS) {
            for (int split = 0; split < SPLITS; split++) {
                if (assigned.get(split).isEmpty()) {
                    assigned.get(split).add(takeFromLargest(assigned));
                }
            }
        }
        return new Splits(flatten(assigned.get(0)), flatten(assigned.get(1)), flatten(assigned.get(2)),
                duplicates, groups.size());
    }

    /** 0 = train, 1 = validation, 2 = test. */
    private int splitOf(double bucket) {
        if (bucket < 1 - validationFraction - testFraction) {
            return 0;
        }
        return bucket < 1 - testFraction ? 1 : 2;
    }

    /**
     * Moves one group out of the split with the most groups (train on ties): the one whose hash lies
     * nearest the end of its range, so the choice is as deterministic as the split itself.
     */
    private static PromptGroup takeFromLargest(List<List<PromptGroup>> assigned) {
        List<PromptGroup> donor = assigned.get(0);
        for (List<PromptGroup> candidate : assigned) {
            if (candidate.size() > donor.size()) {
                donor = candidate;
            }
        }
        PromptGroup moved = donor.stream().max(Comparator.comparingDouble(g -> g.bucket)).orElseThrow();
        donor.remove(moved);
        return moved;
    }

    /** Keeps prompts in the order they first appear in the file, so a split reads like its input. */
    private static List<PromptCompletion> flatten(List<PromptGroup> groups) {
        return groups.stream()
                .sorted(Comparator.comparingInt(g -> g.order))
                .flatMap(g -> g.examples.stream())
                .toList();
    }

    static String normalize(String text) {
        return WHITESPACE.matcher(text.strip()).replaceAll(" ");
    }

    /** A uniform number in [0, 1) from SHA-256 of the normalized prompt: stable across JVMs and runs. */
    static double bucket(String normalizedPrompt) {
        byte[] digest = sha256().digest(normalizedPrompt.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (digest[i] & 0xFF);
        }
        return (double) (bits >>> 3) / (1L << 53); // top 53 bits: exactly representable as a double
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static final class PromptGroup {
        final double bucket;
        final int order;
        final List<PromptCompletion> examples = new ArrayList<>();

        PromptGroup(int order, double bucket) {
            this.order = order;
            this.bucket = bucket;
        }
    }

    /** The three splits, plus how many exact duplicates were dropped and how many distinct prompts were seen. */
    public record Splits(
            List<PromptCompletion> train,
            List<PromptCompletion> validation,
            List<PromptCompletion> test,
            int duplicatesRemoved,
            int distinctPrompts) {

        public int total() {
            return train.size() + validation.size() + test.size();
        }
    }
}
