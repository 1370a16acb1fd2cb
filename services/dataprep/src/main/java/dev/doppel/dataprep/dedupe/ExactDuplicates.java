package dev.doppel.dataprep.dedupe;

import java.util.HashSet;
import java.util.Set;

/**
 * Exact duplicates after normalization (case, whitespace, Unicode NFKC; see {@link TextNormalizer}),
 * remembered by a 128-bit MurmurHash3, so memory does not grow with text length and a collision is
 * out of reach (about 2^-128 per pair). Not thread-safe.
 */
public final class ExactDuplicates {
    private static final long SEED = 0x5eed_d0bb_e1L;

    private record Hash128(long high, long low) {
    }

    private final Set<Hash128> seen = new HashSet<>();

    /** True the first time a text (normalized) is seen, false for every repeat. */
    public boolean firstSeen(String text) {
        long[] hash = Murmur3.hash128(TextNormalizer.normalize(text), SEED);
        return seen.add(new Hash128(hash[0], hash[1]));
    }

    /** How many distinct texts were seen. */
    public int size() {
        return seen.size();
    }
}
