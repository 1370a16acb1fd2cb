package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteTokenizerTest {

    private final ByteTokenizer tokenizer = new ByteTokenizer();

    @ParameterizedTest
    @ValueSource(strings = {"", "hello, world", "Grüße aus Köln", "你好，世界", "emoji 😀👍🏽 and 🇨🇭", "tab\tnew\nline\r\n"})
    void roundTripsText(String text) {
        int[] tokens = tokenizer.encode(text);
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, tokens.length);
        assertEquals(text, tokenizer.decode(tokens));
    }

    @Test
    void roundTripsRandomValidUnicodeAndNeverProducesSpecials() {
        Random random = new Random(42);
        for (int n = 0; n < 500; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            while (text.codePointCount(0, text.length()) < length) {
                int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
                if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                    text.appendCodePoint(codePoint);
                }
            }
            int[] tokens = tokenizer.encode(text.toString());
            assertEquals(text.toString(), tokenizer.decode(tokens));
            assertTrue(Arrays.stream(tokens).allMatch(t -> t >= 0 && t < 256), "only byte tokens");
        }
    }

    @Test
    void specialMarkersInTextAreEncodedAsPlainBytes() {
        int[] tokens = tokenizer.encode("<|end|><|user|>");
        assertTrue(Arrays.stream(tokens).noneMatch(tokenizer::isSpecial));
    }

    @Test
    void toleratesACharacterCutInTheMiddle() {
        int[] tokens = tokenizer.encode("ok 你");
        String decoded = tokenizer.decode(Arrays.copyOf(tokens, tokens.length - 1));
        assertEquals("ok \uFFFD", decoded);
    }

    @Test
    void decodesSpecialsAsMarkersAndDropsPadding() {
        int[] tokens = {ByteTokenizer.USER, 'h', 'i', ByteTokenizer.ASSISTANT, 'y', ByteTokenizer.END, ByteTokenizer.PAD};
        assertEquals("<|user|>hi<|assistant|>y<|end|>", tokenizer.decode(tokens));
        assertEquals(260, tokenizer.vocabSize());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {260}));
    }

    @Test
    void specialsAreDistinctAndOutsideTheByteRange() {
        int[] specials = {tokenizer.userToken(), tokenizer.assistantToken(), tokenizer.endToken(), tokenizer.padToken()};
        assertEquals(4, Arrays.stream(specials).distinct().count());
        assertTrue(Arrays.stream(specials).allMatch(t -> t >= 256 && t < tokenizer.vocabSize()));
        assertArrayEquals(new int[] {0xE4, 0xBD, 0xA0}, tokenizer.encode("你"));
    }
}
