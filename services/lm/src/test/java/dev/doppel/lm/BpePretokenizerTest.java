package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written scanner must split exactly as GPT-2's regex with Unicode classes (as tiktoken and jtokkit). */
class BpePretokenizerTest {

    private static final Pattern GPT2 = Pattern.compile(Gpt2Pretokenizer.PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

    @Property(tries = 3000)
    void splitsLikeTheRegex(@ForAll("text") String text) {
        assertEquals(regexPieces(text), scannerPieces(text));
    }

    @Provide
    Arbitrary<String> text() {
        return BpeUnicodeStrings.anyText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", " ", "'", "'s", "''s", " 's", "it's", "I'LL", "'ll've", "x  y", "x\n\ny", "a \n b",
            "  ", "\t\t", "end ", "1234abc", " 12 ab !!", "¡Hola!", "e\u0301t\u00E9", "日本 語", "😀😀 😀", "\u00A0x"})
    void splitsTrickyCasesLikeTheRegex(String text) {
        assertEquals(regexPieces(text), scannerPieces(text));
    }

    @Test
    void splitsTheVariedSampleLikeTheRegex() {
        assertEquals(regexPieces(BpeTestTexts.VARIED), scannerPieces(BpeTestTexts.VARIED));
    }

    @Test
    void keepsTheSpaceWithTheFollowingWord() {
        assertEquals(List.of("Hello", ",", " world", "  ", " it", "'s", "\n", "\n", "x"), scannerPieces("Hello, world   it's\n\nx"));
    }

    private static List<String> regexPieces(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher matcher = GPT2.matcher(text);
        while (matcher.find()) {
            pieces.add(matcher.group());
        }
        return pieces;
    }

    private static List<String> scannerPieces(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        List<String> pieces = new ArrayList<>();
        for (int start = 0, end; start < utf8.length; start = end) {
            end = Gpt2Pretokenizer.pieceEnd(utf8, start, utf8.length);
            pieces.add(new String(utf8, start, end - start, StandardCharsets.UTF_8));
        }
        return pieces;
    }
}
