package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

    @Test
    void rejectsVocabulariesWithoutRoomForBytesAndSpecials() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BpeTrainer.train("text", 259));
        assertTrue(e.getMessage().contains("at least 260"), e.getMessage());
        assertEquals(260, BpeTrainer.train("text", 260).vocabSize());
    }

    @Test
    void sameTextGivesTheSameVocabulary() {
        String text = BpeTestTexts.englishLike(100_000, 3) + BpeTestTexts.VARIED;
        BpeTokenizer first = BpeTrainer.train(text, 700);
        BpeTokenizer second = BpeTrainer.train(text, 700);
        assertEquals(700, first.vocabSize());
        for (int id = 0; id < first.vocabSize(); id++) {
            assertArrayEquals(first.tokenBytes(id), second.tokenBytes(id), "token " + id);
        }
    }

    @Test
    void documentsTrainLikeTheirConcatenationWhenPiecesDoNotSpanThem() {
        BpeTokenizer joined = BpeTrainer.train("low lower lowest. newer newest.", 270);
        BpeTokenizer separate = BpeTrainer.train(List.of("low lower lowest.", " newer newest."), 270);
        for (int id = 0; id < joined.vocabSize(); id++) {
            assertArrayEquals(joined.tokenBytes(id), separate.tokenBytes(id), "token " + id);
        }
    }

    @Test
    void learnsTheMostFrequentPairFirstAndBreaksTiesByIds() {
        BpeTokenizer tokenizer = BpeTrainer.train("ab ab ab cd cd cd", 263);
        // pieces "ab", " ab" x2, " cd" x3: (a, b), (' ', c) and (c, d) occur 3 times, (' ', a) twice
        assertArrayEquals(" c".getBytes(StandardCharsets.US_ASCII), tokenizer.tokenBytes(256)); // ' ' is 32
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), tokenizer.tokenBytes(257)); // 'a' 97 < " c" 256
        assertArrayEquals(" cd".getBytes(StandardCharsets.US_ASCII), tokenizer.tokenBytes(258));
    }

    @Test
    void stopsEarlyWhenNoPairOccursTwice() {
        BpeTokenizer tokenizer = BpeTrainer.train("abc abc xyz", 5000);
        assertTrue(tokenizer.vocabSize() < 270, "vocabulary " + tokenizer.vocabSize());
        assertEquals(tokenizer.vocabSize() - 1, tokenizer.padToken());
    }

    @Test
    void learnedMergesCompressEnglish() {
        BpeTokenizer tokenizer = BpeTrainer.train(BpeTestTexts.englishLike(200_000, 5), 1000);
        String unseen = BpeTestTexts.englishLike(50_000, 6);
        int bytes = unseen.getBytes(StandardCharsets.UTF_8).length;
        int tokens = tokenizer.encode(unseen).length;
        assertTrue(tokens < bytes * 0.4, tokens + " tokens for " + bytes + " bytes");
        assertEquals(unseen, tokenizer.decode(tokenizer.encode(unseen)));
    }

    @Test
    void incrementalCountsLearnWhatRecountingEveryMergeLearns() {
        String text = BpeTestTexts.englishLike(30_000, 8) + BpeTestTexts.VARIED + " aaaaaaa abababab aaab";
        BpeTokenizer fast = BpeTrainer.train(text, 600);
        List<byte[]> reference = recountingTrainer(text, 600);
        assertEquals(reference.size() + 4, fast.vocabSize());
        for (int id = 0; id < reference.size(); id++) {
            assertArrayEquals(reference.get(id), fast.tokenBytes(id), "token " + id);
        }
    }

    /** The textbook algorithm, slow and obviously right: recount all pairs before every merge. */
    private static List<byte[]> recountingTrainer(String text, int vocabSize) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        Map<List<Integer>, Long> words = new HashMap<>();
        for (int start = 0, end; start < utf8.length; start = end) {
            end = Gpt2Pretokenizer.pieceEnd(utf8, start, utf8.length);
            List<Integer> word = new ArrayList<>();
            for (int i = start; i < end; i++) {
                word.add(utf8[i] & 0xFF);
            }
            words.merge(word, 1L, Long::sum);
        }
        List<byte[]> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(new byte[] {(byte) b});
        }
        while (tokens.size() < vocabSize - 4) {
            Map<List<Integer>, Long> pairs = new HashMap<>();
            words.forEach((word, count) -> {
                for (int i = 0; i + 1 < word.size(); i++) {
                    pairs.merge(List.of(word.get(i), word.get(i + 1)), count, Long::sum);
                }
            });
            List<Integer> best = pairs.entrySet().stream()
                    .min(Comparator.<Map.Entry<List<Integer>, Long>>comparingLong(e -> -e.getValue())
                            .thenComparing(e -> e.getKey().get(0)).thenComparing(e -> e.getKey().get(1)))
                    .filter(e -> e.getValue() >= 2).map(Map.Entry::getKey).orElse(null);
            if (best == null) {
                break;
            }
            byte[] joined = ByteBuffer.allocate(tokens.get(best.get(0)).length + tokens.get(best.get(1)).length)
                    .put(tokens.get(best.get(0))).put(tokens.get(best.get(1))).array();
            int id = -1;
            for (int t = 0; t < tokens.size(); t++) {
                id = Arrays.equals(tokens.get(t), joined) ? t : id;
            }
            if (id < 0) {
                tokens.add(joined);
                id = tokens.size() - 1;
            }
            Map<List<Integer>, Long> merged = new HashMap<>();
            for (Map.Entry<List<Integer>, Long> entry : words.entrySet()) {
                List<Integer> word = new ArrayList<>();
                List<Integer> old = entry.getKey();
                for (int i = 0; i < old.size(); i++) {
                    if (i + 1 < old.size() && old.get(i).equals(best.get(0)) && old.get(i + 1).equals(best.get(1))) {
                        word.add(id);
                        i++;
                    } else {
                        word.add(old.get(i));
                    }
                }
                merged.merge(word, entry.getValue(), Long::sum);
            }
            words = merged;
        }
        return tokens;
    }

    /** The brief's bar is "well under a minute" for 4 MB to 4096 tokens; 60 s leaves room for a loaded machine. */
    @Test
    void trainsFourMegabytesToVocabulary4096Quickly() {
        String corpus = BpeTestTexts.englishLike(4_000_000, 11);
        long start = System.nanoTime();
        BpeTokenizer tokenizer = BpeTrainer.train(corpus, 4096);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("trained 4 MB to vocabulary %d in %.1f s%n", tokenizer.vocabSize(), seconds);
        assertEquals(4096, tokenizer.vocabSize());
        assertTrue(seconds < 60, "took " + seconds + " s");
    }
}
