package dev.doppel.dataprep.dedupe;

/** Placeholder. Near duplicates by MinHash signatures and LSH banding over character shingles. */
public final class NearDuplicates {
    /** @param threshold Jaccard similarity at or above which two texts are duplicates, e.g. 0.8 */
    public NearDuplicates(double threshold) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Adds the text and returns true, unless it is a near duplicate of one added earlier (then false, not added). */
    public boolean addIfNovel(String text) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
