package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our encoder on GPT-2's r50k ranks must give jtokkit's r50k ids exactly. */
class BpeGpt2CompatibilityTest {

    private static final BpeTokenizer GPT2 = BpeTokenizer.gpt2();
    private static final Encoding JTOKKIT_R50K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);

    @Test
    void givesJtokkitsIdsOnVariedText() {
        String text = BpeTestTexts.VARIED + BpeTestTexts.englishLike(50_000, 2);
        int[] ours = GPT2.encode(text);
        assertArrayEquals(JTOKKIT_R50K.encodeOrdinary(text).toArray(), ours);
        assertEquals(text, GPT2.decode(ours));
    }

    @Test
    void givesJtokkitsIdsLineByLine() {
        for (String line : BpeTestTexts.VARIED.split("\n")) {
            assertArrayEquals(JTOKKIT_R50K.encodeOrdinary(line).toArray(), GPT2.encode(line), line);
        }
    }

    @Test
    void knowsGpt2sWellKnownIds() {
        assertArrayEquals(new int[] {31373, 995}, GPT2.encode("hello world"));
        assertEquals(50261, GPT2.vocabSize());
        assertEquals(Map.of(50256, "<|endoftext|>"), GPT2.namedTokens());
        assertEquals(Arrays.asList(50257, 50258, 50259, 50260),
                Arrays.asList(GPT2.userToken(), GPT2.assistantToken(), GPT2.endToken(), GPT2.padToken()));
        assertEquals("a<|endoftext|>b<|end|>", GPT2.decode(new int[] {64, 50256, 65, 50259, 50260}));
        assertTrue(GPT2.isSpecial(50256) && GPT2.isSpecial(GPT2.endToken()) && !GPT2.isSpecial(31373),
                "<|endoftext|> is special like the chat tokens; 'hello' is not");
        assertTrue(Arrays.stream(GPT2.encode("<|endoftext|>")).noneMatch(GPT2::isSpecial), "text never encodes to it");
    }

    @Test
    void neverProducesEndOfTextOrOurSpecialsFromText() {
        int[] ids = GPT2.encode("<|endoftext|> <|user|> <|assistant|> <|end|> <|pad|>");
        assertTrue(Arrays.stream(ids).allMatch(id -> id < 50256), Arrays.toString(ids));
    }
}
