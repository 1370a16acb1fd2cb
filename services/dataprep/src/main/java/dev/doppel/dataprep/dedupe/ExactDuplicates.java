package dev.doppel.dataprep.dedupe;

/** Placeholder. Exact duplicates after normalization (case, whitespace, Unicode NFKC), by 128-bit hash. */
public final class ExactDuplicates {
    /** True the first time a text (normalized) is seen, false for every repeat. */
    public boolean firstSeen(String text) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
