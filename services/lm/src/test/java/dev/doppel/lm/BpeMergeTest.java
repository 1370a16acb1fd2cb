package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The quadratic rescan (short pieces) and the heap (long pieces) must merge identically. */
class BpeMergeTest {

    @Test
    void heapAndRescanAgreeOnRandomPieces() {
        BpeTokenizer gpt2 = BpeTokenizer.gpt2();
        Random random = new Random(7);
        String alphabet = "aaabbcdeeeeefghiiijklmnooopqrssttuvwxyz 😀你";
        for (int n = 0; n < 2000; n++) {
            StringBuilder piece = new StringBuilder();
            for (int length = 1 + random.nextInt(n < 1900 ? 30 : 600); length > 0; length--) {
                piece.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            byte[] bytes = piece.toString().getBytes(StandardCharsets.UTF_8);
            for (BpeTokenizer tokenizer : new BpeTokenizer[] {gpt2, BpeTestTexts.trained()}) {
                for (int limit : new int[] {BytePairMerge.NO_LIMIT, 300, 5000}) {
                    assertArrayEquals(
                            BytePairMerge.boundariesByRescan(tokenizer.ranks(), bytes, 0, bytes.length, limit),
                            BytePairMerge.boundariesWithHeap(tokenizer.ranks(), bytes, 0, bytes.length, limit));
                }
            }
        }
    }

    @Test
    void aHugePieceEncodesInLinearishTime() {
        BpeTokenizer gpt2 = BpeTokenizer.gpt2();
        String letters = "ab".repeat(500_000) + " " + " ".repeat(1_000_000) + "x";
        int[] ids = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> gpt2.encode(letters));
        assertEquals(letters, gpt2.decode(ids));
    }
}
