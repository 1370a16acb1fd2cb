package dev.doppel.lm;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Random strings for the BPE properties, weighted toward what breaks tokenizers: surrogate pairs (emoji), CJK,
 * combining marks, control characters, Unicode white space, apostrophes and space runs, plus any code point.
 */
final class BpeUnicodeStrings {

    private BpeUnicodeStrings() {
    }

    static Arbitrary<String> anyText() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.integers().between(0x20, 0x7E)),                     // printable ASCII
                Tuple.of(10, Arbitraries.of((int) ' ', (int) ' ', (int) '\n', (int) '\'', (int) 's', (int) '\t')),
                Tuple.of(5, Arbitraries.integers().between(0x00, 0x1F)),                      // C0 controls
                Tuple.of(5, Arbitraries.of(0x85, 0xA0, 0x1680, 0x2003, 0x2028, 0x2029, 0x202F, 0x3000, 0x200B, 0xFEFF)),
                Tuple.of(8, Arbitraries.integers().between(0x4E00, 0x9FFF)),                  // CJK
                Tuple.of(8, Arbitraries.integers().between(0x1F300, 0x1FAFF)),                // emoji
                Tuple.of(3, Arbitraries.of(0x200D, 0xFE0F, 0x1F3FD)),                          // ZWJ, variation, skin tone
                Tuple.of(5, Arbitraries.integers().between(0x0300, 0x036F)),                  // combining marks
                Tuple.of(5, Arbitraries.integers().between(0x00A0, 0x07FF)),                  // Latin-1 .. Arabic
                Tuple.of(6, Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                        .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)));
        return codePoint.list().ofMaxSize(60).map(BpeUnicodeStrings::fromCodePoints);
    }

    private static String fromCodePoints(java.util.List<Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }
}
