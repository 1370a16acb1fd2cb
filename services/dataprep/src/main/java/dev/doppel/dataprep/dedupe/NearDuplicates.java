package dev.doppel.dataprep.dedupe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Near duplicates by MinHash signatures and LSH banding over character shingles.
 *
 * <p>Shingles are character 5-grams of the normalized text ({@link TextNormalizer}) for texts of every
 * length. Word 3-grams would cut the work for long texts, but they punish one changed word three
 * times over and make short messages (most of a chat) look unrelated; mail-sized texts are cheap
 * enough character-wise. Texts shorter than a shingle compare exactly.
 *
 * <p>Each text gets {@code numHashes} minima of hash functions {@code x -> a*x + b} (32-bit, fixed
 * seeds, so runs are reproducible) followed by an xor-shift; the inner loop over the hash functions is
 * plain int arithmetic the JIT vectorizes. Signatures are cut into {@code bands} bands of {@code rows}
 * rows: texts sharing one band are candidates, and a candidate is a duplicate only when the share of
 * equal minima (the Jaccard estimate) reaches the threshold. Not thread-safe.
 */
public final class NearDuplicates {
    public static final int DEFAULT_NUM_HASHES = 128;
    public static final int DEFAULT_SHINGLE_SIZE = 5;
    private static final long SEED = 0x6d696e68617368L;
    private static final long ROLLING_BASE = 0x100000001b3L;

    private final double threshold;
    private final int numHashes;
    private final int bands;
    private final int rows;
    private final int shingleSize;
    private final int[] multipliers;
    private final int[] offsets;
    private final List<int[]> signatures = new ArrayList<>();
    private final Map<Long, List<Integer>> buckets = new HashMap<>();
    private final Set<String> shortTexts = new HashSet<>();

    /** @param threshold Jaccard similarity at or above which two texts are duplicates, e.g. 0.8 */
    public NearDuplicates(double threshold) {
        this(threshold, DEFAULT_NUM_HASHES, DEFAULT_SHINGLE_SIZE);
    }

    /** Bands and rows chosen by {@link #rowsFor}. */
    public NearDuplicates(double threshold, int numHashes, int shingleSize) {
        this(threshold, numHashes, numHashes / rowsFor(threshold, numHashes), rowsFor(threshold, numHashes),
                shingleSize);
    }

    public NearDuplicates(double threshold, int numHashes, int bands, int rows, int shingleSize) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
        }
        if (numHashes < 1 || bands < 1 || rows < 1 || bands * rows > numHashes || shingleSize < 1) {
            throw new IllegalArgumentException("need bands * rows <= numHashes, all positive: numHashes="
                    + numHashes + " bands=" + bands + " rows=" + rows + " shingleSize=" + shingleSize);
        }
        this.threshold = threshold;
        this.numHashes = numHashes;
        this.bands = bands;
        this.rows = rows;
        this.shingleSize = shingleSize;
        this.multipliers = new int[numHashes];
        this.offsets = new int[numHashes];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int k = 0; k < numHashes; k++) {
            multipliers[k] = random.nextInt() | 1; // odd: a bijection on 32-bit ints
            offsets[k] = random.nextInt();
        }
    }

    /**
     * The rows per band (bands: {@code numHashes / rows}) whose S-curve {@code 1 - (1 - s^r)^b} has its
     * midpoint {@code (1/b)^(1/r)} nearest the threshold from below: a pair right at the threshold
     * becomes a candidate more often than not, and the Jaccard check, not the banding, draws the line.
     */
    public static int rowsFor(double threshold, int numHashes) {
        int bestRows = 1;
        double bestMidpoint = -1;
        for (int rows = 1; rows <= numHashes; rows++) {
            double midpoint = Math.pow(1.0 / (numHashes / rows), 1.0 / rows);
            if (midpoint <= threshold && midpoint > bestMidpoint) {
                bestMidpoint = midpoint;
                bestRows = rows;
            }
        }
        return bestRows;
    }

    /** How many texts were added (near duplicates are not). */
    public int size() {
        return signatures.size() + shortTexts.size();
    }

    public int bands() {
        return bands;
    }

    public int rows() {
        return rows;
    }

    /** Adds the text and returns true, unless it is a near duplicate of one added earlier (then false, not added). */
    public boolean addIfNovel(String text) {
        String normalized = TextNormalizer.normalize(text);
        if (normalized.length() < shingleSize) {
            return shortTexts.add(normalized);
        }
        int[] signature = signature(normalized);
        long[] bandKeys = new long[bands];
        for (int band = 0; band < bands; band++) {
            bandKeys[band] = bandKey(signature, band);
            List<Integer> candidates = buckets.get(bandKeys[band]);
            if (candidates != null) {
                for (int candidate : candidates) {
                    if (estimatedJaccard(signature, signatures.get(candidate)) >= threshold) {
                        return false;
                    }
                }
            }
        }
        int id = signatures.size();
        signatures.add(signature);
        for (long key : bandKeys) {
            buckets.computeIfAbsent(key, unused -> new ArrayList<>(1)).add(id);
        }
        return true;
    }

    /** Share of equal minima: an unbiased estimate of the two texts' shingle Jaccard similarity. */
    double estimatedJaccard(int[] a, int[] b) {
        int equal = 0;
        for (int k = 0; k < numHashes; k++) {
            equal += a[k] == b[k] ? 1 : 0;
        }
        return (double) equal / numHashes;
    }

    int[] signature(String normalized) {
        int[] minima = new int[numHashes];
        Arrays.fill(minima, Integer.MAX_VALUE);
        long power = 1; // BASE^(shingleSize-1), to drop the oldest char from the rolling hash
        for (int i = 1; i < shingleSize; i++) {
            power *= ROLLING_BASE;
        }
        long rolling = 0;
        for (int i = 0; i < normalized.length(); i++) {
            if (i >= shingleSize) {
                rolling -= normalized.charAt(i - shingleSize) * power;
            }
            rolling = rolling * ROLLING_BASE + normalized.charAt(i);
            if (i >= shingleSize - 1) {
                addShingle(minima, (int) (Murmur3.fmix64(rolling) >>> 32));
            }
        }
        return minima;
    }

    private void addShingle(int[] minima, int shingle) {
        for (int k = 0; k < numHashes; k++) {
            int hash = multipliers[k] * shingle + offsets[k];
            hash ^= hash >>> 15;
            minima[k] = Math.min(minima[k], hash);
        }
    }

    private long bandKey(int[] signature, int band) {
        long key = band;
        for (int k = band * rows; k < (band + 1) * rows; k++) {
            key = key * 0x9E3779B97F4A7C15L + signature[k];
        }
        return Murmur3.fmix64(key);
    }
}
