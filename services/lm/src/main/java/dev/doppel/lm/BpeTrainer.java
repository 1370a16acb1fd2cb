package dev.doppel.lm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns a byte-level BPE vocabulary: count the GPT-2 pieces of the text, then repeatedly merge the most frequent
 * adjacent pair of tokens within pieces. Each merge touches only the pieces that contain its pair (an index from
 * pair to pieces), and only pairs with the new token can gain counts, so the next best pair comes from a heap
 * whose outdated entries are checked when they surface, instead of recounting everything per merge.
 *
 * <p>Deterministic: ties go to the pair with the smaller left id, then the smaller right id. A pair whose bytes
 * already form a token (reachable by another split) merges into that token instead of duplicating it, as in
 * Hugging Face's trainer. Training stops early, with a smaller vocabulary, when no pair occurs twice.
 */
public final class BpeTrainer {

    /** 256 single bytes and the four chat specials. */
    public static final int MIN_VOCAB_SIZE = 260;
    private static final int SPECIALS = 4;
    private static final long MIN_PAIR_COUNT = 2;

    private BpeTrainer() {
    }

    /** A vocabulary of at most {@code vocabSize} ids, single bytes and chat specials included. */
    public static BpeTokenizer train(String text, int vocabSize) {
        return train(List.of(text), vocabSize);
    }

    /** As {@link #train(String, int)}, without concatenating the documents first. */
    public static BpeTokenizer train(Iterable<String> documents, int vocabSize) {
        if (vocabSize < MIN_VOCAB_SIZE) {
            throw new IllegalArgumentException("vocabSize must be at least " + MIN_VOCAB_SIZE
                    + " (256 single bytes + 4 chat specials), got " + vocabSize);
        }
        Merges merges = new Merges(countPieces(documents));
        while (merges.tokenCount() < vocabSize - SPECIALS && merges.mergeBestPair()) {
            // each round adds a token or folds a pair into an existing one
        }
        return BpeTokenizer.of(merges.tokens, Map.of());
    }

    private static Map<ByteBuffer, long[]> countPieces(Iterable<String> documents) {
        Map<ByteBuffer, long[]> counts = new HashMap<>();
        for (String document : documents) {
            byte[] utf8 = document.getBytes(StandardCharsets.UTF_8);
            for (int start = 0, end; start < utf8.length; start = end) {
                end = Gpt2Pretokenizer.pieceEnd(utf8, start, utf8.length);
                ByteBuffer piece = ByteBuffer.wrap(utf8, start, end - start);
                long[] count = counts.get(piece);
                if (count == null) {
                    counts.put(ByteBuffer.wrap(Arrays.copyOfRange(utf8, start, end)), new long[] {1});
                } else {
                    count[0]++;
                }
            }
        }
        return counts;
    }

    /** The distinct pieces as token sequences, the counts of adjacent pairs, and the tokens learned so far. */
    private static final class Merges {
        final List<byte[]> tokens = new ArrayList<>();
        private final Map<ByteBuffer, Integer> idsByBytes = new HashMap<>();
        private final int[][] pieces;
        private final int[] lengths;
        private final long[] frequencies;
        private final Map<Long, PairStats> pairs = new HashMap<>();
        private final PriorityQueue<Candidate> queue = new PriorityQueue<>();

        Merges(Map<ByteBuffer, long[]> counts) {
            for (int b = 0; b < 256; b++) {
                addToken(new byte[] {(byte) b});
            }
            List<Map.Entry<ByteBuffer, long[]>> sorted = new ArrayList<>(counts.entrySet());
            sorted.sort(Map.Entry.comparingByKey()); // piece order decides nothing, but keeps runs reproducible
            pieces = new int[sorted.size()][];
            lengths = new int[sorted.size()];
            frequencies = new long[sorted.size()];
            for (int p = 0; p < pieces.length; p++) {
                ByteBuffer bytes = sorted.get(p).getKey();
                pieces[p] = new int[bytes.remaining()];
                for (int i = 0; i < pieces[p].length; i++) {
                    pieces[p][i] = bytes.get(bytes.position() + i) & 0xFF;
                }
                lengths[p] = pieces[p].length;
                frequencies[p] = sorted.get(p).getValue()[0];
                for (int i = 0; i + 1 < lengths[p]; i++) {
                    statsOf(pieces[p][i], pieces[p][i + 1]).add(frequencies[p], p);
                }
            }
            for (PairStats stats : pairs.values()) {
                queue.add(new Candidate(stats.count, stats.left, stats.right));
            }
        }

        int tokenCount() {
            return tokens.size();
        }

        /** Returns false when no pair is frequent enough to merge. */
        boolean mergeBestPair() {
            PairStats best = nextBest();
            if (best == null) {
                return false;
            }
            byte[] joined = concat(tokens.get(best.left), tokens.get(best.right));
            Integer existing = idsByBytes.get(ByteBuffer.wrap(joined));
            int id = existing != null ? existing : addToken(joined);
            Set<PairStats> grown = new HashSet<>(); // PairStats has identity equality
            for (int k = 0; k < best.pieceCount; k++) {
                mergeInPiece(best.pieces[k], best.left, best.right, id, grown);
            }
            pairs.remove(key(best.left, best.right));
            for (PairStats stats : grown) {
                queue.add(new Candidate(stats.count, stats.left, stats.right));
            }
            return true;
        }

        /** Pops until an entry matches its pair's current count; a count that fell gets a fresh entry. */
        private PairStats nextBest() {
            for (Candidate candidate = queue.poll(); candidate != null; candidate = queue.poll()) {
                PairStats stats = pairs.get(key(candidate.left, candidate.right));
                if (stats == null || stats.count > candidate.count) {
                    continue; // gone, or a newer entry with the higher count is queued
                }
                if (stats.count < candidate.count) {
                    if (stats.count > 0) {
                        queue.add(new Candidate(stats.count, stats.left, stats.right));
                    }
                    continue;
                }
                return stats.count >= MIN_PAIR_COUNT ? stats : null;
            }
            return null;
        }

        /**
         * Rewrites one piece and moves its frequency from the old pairs to the new ones. Only pairs with the new
         * token can gain; they learn about the piece and are collected in {@code grown} for the queue.
         */
        private void mergeInPiece(int piece, int left, int right, int id, Set<PairStats> grown) {
            int[] symbols = pieces[piece];
            int length = lengths[piece];
            int[] merged = null;
            int out = 0;
            for (int i = 0; i < length; i++) {
                if (i + 1 < length && symbols[i] == left && symbols[i + 1] == right) {
                    if (merged == null) {
                        merged = Arrays.copyOf(symbols, length);
                        out = i;
                    }
                    merged[out++] = id;
                    i++;
                } else if (merged != null) {
                    merged[out++] = symbols[i];
                }
            }
            if (merged == null) {
                return; // the index is a superset: this piece lost the pair to an earlier merge
            }
            long frequency = frequencies[piece];
            for (int i = 0; i + 1 < length; i++) {
                statsOf(symbols[i], symbols[i + 1]).count -= frequency;
            }
            for (int i = 0; i + 1 < out; i++) {
                PairStats stats = statsOf(merged[i], merged[i + 1]);
                stats.count += frequency;
                if (merged[i] == id || merged[i + 1] == id) {
                    stats.addPiece(piece);
                    grown.add(stats);
                }
            }
            pieces[piece] = merged;
            lengths[piece] = out;
        }

        private int addToken(byte[] bytes) {
            tokens.add(bytes);
            idsByBytes.put(ByteBuffer.wrap(bytes), tokens.size() - 1);
            return tokens.size() - 1;
        }

        private PairStats statsOf(int left, int right) {
            return pairs.computeIfAbsent(key(left, right), k -> new PairStats(left, right));
        }

        private static long key(int left, int right) {
            return (long) left << 32 | right;
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] joined = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            return joined;
        }
    }

    /** A pair's count over all pieces, and the pieces that may contain it (never shrunk, so possibly more). */
    private static final class PairStats {
        final int left;
        final int right;
        long count;
        int[] pieces = new int[2];
        int pieceCount;

        PairStats(int left, int right) {
            this.left = left;
            this.right = right;
        }

        void add(long frequency, int piece) {
            count += frequency;
            addPiece(piece);
        }

        void addPiece(int piece) {
            if (pieceCount > 0 && pieces[pieceCount - 1] == piece) {
                return; // a piece with the pair twice needs one visit
            }
            if (pieceCount == pieces.length) {
                pieces = Arrays.copyOf(pieces, pieceCount * 2);
            }
            pieces[pieceCount++] = piece;
        }
    }

    /** A queued pair with the count it had when queued; most frequent first, then by ids. */
    private record Candidate(long count, int left, int right) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate other) {
            if (count != other.count) {
                return Long.compare(other.count, count);
            }
            return left != other.left ? Integer.compare(left, other.left) : Integer.compare(right, other.right);
        }
    }
}
