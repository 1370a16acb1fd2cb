package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BpeTokenizerTest {

    private final BpeTokenizer tokenizer = BpeTestTexts.trained();

    @ParameterizedTest
    @ValueSource(strings = {"", "hello, world", "Grüße aus Köln", "你好，世界", "emoji 😀👍🏽 and 🇨🇭", "tab\tnew\nline\r\n",
            "e\u0301\u0301", "\u0000\u001B\u007F", "   ", "<|end|><|user|>"})
    void roundTripsText(String text) {
        assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
    }

    @Test
    void singleBytesAreTheFirst256IdsAndSpecialsTheLastFour() {
        assertEquals(1000, tokenizer.vocabSize());
        assertArrayEquals(new int[] {0xE4, 0xBD, 0xA0}, BpeTrainer.train("x", 260).encode("你"));
        for (int b = 0; b < 256; b++) {
            assertArrayEquals(new byte[] {(byte) b}, tokenizer.tokenBytes(b));
        }
        assertEquals(List.of(996, 997, 998, 999),
                List.of(tokenizer.userToken(), tokenizer.assistantToken(), tokenizer.endToken(), tokenizer.padToken()));
        assertNull(tokenizer.tokenBytes(tokenizer.endToken()));
        assertEquals("bpe", tokenizer.kind());
    }

    @Test
    void specialMarkersInTextAreEncodedAsOrdinaryBytes() {
        int[] ids = tokenizer.encode("<|user|>hi<|assistant|>ok<|end|><|pad|>");
        assertTrue(Arrays.stream(ids).noneMatch(tokenizer::isSpecial));
    }

    @Test
    void decodesSpecialsAsMarkersAndDropsPadding() {
        int[] ids = concat(new int[] {tokenizer.userToken()}, tokenizer.encode("hi"), new int[] {tokenizer.assistantToken()},
                tokenizer.encode("yo"), new int[] {tokenizer.endToken(), tokenizer.padToken()});
        assertEquals("<|user|>hi<|assistant|>yo<|end|>", tokenizer.decode(ids));
    }

    @Test
    void toleratesACharacterCutInTheMiddle() {
        byte[] utf8 = "ok 你".getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[utf8.length - 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = utf8[i] & 0xFF; // byte ids, so the cut falls inside 你 whatever the merges
        }
        assertEquals("ok \uFFFD", tokenizer.decode(ids));
    }

    @Test
    void rejectsIdsOutsideTheVocabulary() {
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {tokenizer.vocabSize()}));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {-1}));
    }

    @Test
    void learnedMergesShortenEnglish() {
        String english = BpeTestTexts.englishLike(20_000, 99); // other seed than training: unseen sentences
        assertTrue(tokenizer.encode(english).length < english.length() / 2);
    }

    @Test
    void encodesConcurrentlyLikeSequentially() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int seed = 0; seed < 16; seed++) {
            texts.add(BpeTestTexts.englishLike(20_000, seed) + BpeTestTexts.VARIED);
        }
        BpeTokenizer fresh = BpeTokenizer.of(idsToBytes(tokenizer), Map.of()); // empty cache, so threads race to fill it
        List<int[]> expected = texts.stream().map(tokenizer::encode).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String text : texts) {
                    results.add(pool.submit(() -> fresh.encode(text)));
                }
            }
            for (int k = 0; k < results.size(); k++) {
                assertArrayEquals(expected.get(k % texts.size()), results.get(k).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsVocabulariesThatCannotEncodeEveryByte() {
        List<byte[]> tokens = new ArrayList<>(idsToBytes(tokenizer).subList(0, 256));
        tokens.set(7, new byte[] {7, 7});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BpeTokenizer.of(tokens, Map.of()));
        assertTrue(e.getMessage().contains("0x07"), e.getMessage());
        tokens.set(7, new byte[] {8});
        assertThrows(IllegalArgumentException.class, () -> BpeTokenizer.of(tokens, Map.of()));
    }

    @Test
    void namedTokensDecodeByNameAndAreNeverEncoded() {
        List<byte[]> tokens = new ArrayList<>(idsToBytes(tokenizer).subList(0, 256));
        tokens.add(null);
        BpeTokenizer named = BpeTokenizer.of(tokens, Map.of(256, "<|endoftext|>"));
        assertEquals(261, named.vocabSize());
        assertEquals(257, named.userToken());
        assertEquals("a<|endoftext|>b", named.decode(new int[] {'a', 256, 'b'}));
        assertTrue(Arrays.stream(named.encode("<|endoftext|>")).allMatch(id -> id < 256));
        assertThrows(IllegalArgumentException.class, () -> BpeTokenizer.of(tokens, Map.of()));
    }

    @Test
    void buildsFromTiktokenStyleRanks() {
        Map<byte[], Integer> ranks = new java.util.HashMap<>();
        for (int id = 0; id < tokenizer.userToken(); id++) {
            ranks.put(tokenizer.tokenBytes(id), id);
        }
        BpeTokenizer rebuilt = BpeTokenizer.fromTiktokenRanks(ranks, Map.of());
        assertArrayEquals(tokenizer.encode(BpeTestTexts.VARIED), rebuilt.encode(BpeTestTexts.VARIED));

        ranks.put(new byte[] {1, 2, 3}, 300);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BpeTokenizer.fromTiktokenRanks(ranks, Map.of()));
        assertTrue(e.getMessage().contains("rank 300"), e.getMessage());
    }

    static List<byte[]> idsToBytes(BpeTokenizer tokenizer) {
        List<byte[]> tokens = new ArrayList<>();
        for (int id = 0; id < tokenizer.userToken(); id++) {
            tokens.add(tokenizer.tokenBytes(id));
        }
        return tokens;
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }
}
