package dev.doppel.dataprep.split;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits items into train / validation / test by their group (a conversation, a mail thread, the
 * normalized prompt of a ready-made pair), never one group in two splits: a model is never scored on a
 * conversation it trained on.
 *
 * <p>The split of a group is a SHA-256 hash of its key, so it is deterministic on any machine and stable
 * as a tenant's data grows: adding conversations never moves the old ones. The fractions are targets
 * over groups. Once there are three or more groups each split gets at least one, taken from the split
 * with the most groups, so a small upload still has something to validate and test on.
 */
public final class GroupSplitter {
    private static final int SPLITS = 3;

    private final SplitRatios ratios;

    public GroupSplitter(SplitRatios ratios) {
        this.ratios = ratios;
    }

    public <T> Splits<T> split(List<T> items, Function<T, String> groupOf) {
        Map<String, Group<T>> groups = new LinkedHashMap<>();
        for (T item : items) {
            String key = groupOf.apply(item);
            int order = groups.size();
            groups.computeIfAbsent(key, k -> new Group<>(order, bucket(k))).items.add(item);
        }
        List<List<Group<T>>> assigned = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Group<T> group : groups.values()) {
            assigned.get(splitOf(group.bucket)).add(group);
        }
        if (groups.size() >= SPLITS) {
            for (int split = 0; split < SPLITS; split++) {
                if (assigned.get(split).isEmpty()) {
                    assigned.get(split).add(takeFromLargest(assigned));
                }
            }
        }
        return new Splits<>(flatten(assigned.get(0)), flatten(assigned.get(1)), flatten(assigned.get(2)));
    }

    /** 0 = train, 1 = validation, 2 = test. */
    private int splitOf(double bucket) {
        if (bucket < 1 - ratios.validation() - ratios.test()) {
            return 0;
        }
        return bucket < 1 - ratios.test() ? 1 : 2;
    }

    /** Moves the group whose hash lies nearest the end of its range out of the largest split (train on ties). */
    private static <T> Group<T> takeFromLargest(List<List<Group<T>>> assigned) {
        List<Group<T>> donor = assigned.get(0);
        for (List<Group<T>> candidate : assigned) {
            if (candidate.size() > donor.size()) {
                donor = candidate;
            }
        }
        Group<T> moved = donor.stream().max(Comparator.comparingDouble(g -> g.bucket)).orElseThrow();
        donor.remove(moved);
        return moved;
    }

    /** Groups in the order they first appear, so a split reads like its input. */
    private static <T> List<T> flatten(List<Group<T>> groups) {
        return groups.stream()
                .sorted(Comparator.comparingInt(g -> g.order))
                .flatMap(g -> g.items.stream())
                .toList();
    }

    /** A uniform number in [0, 1) from SHA-256 of the key: the same on every JVM and run. */
    static double bucket(String key) {
        byte[] digest = sha256().digest(key.getBytes(StandardCharsets.UTF_8));
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

    private static final class Group<T> {
        final int order;
        final double bucket;
        final List<T> items = new ArrayList<>();

        Group(int order, double bucket) {
            this.order = order;
            this.bucket = bucket;
        }
    }
}
