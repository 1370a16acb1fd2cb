package dev.doppel.dataprep.dedupe;

import java.text.Normalizer;

/**
 * What makes two texts the same for deduplication: Unicode NFKC (full-width letters, ligatures,
 * non-breaking spaces), simple case folding, every run of whitespace as one space, no space at either
 * end. Folding is per code point (upper then lower case), so "ß" and "SS" stay different: full
 * folding would need a second string and is not worth it for duplicates.
 */
final class TextNormalizer {
    private TextNormalizer() {
    }

    static String normalize(String text) {
        String composed = isPlainAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(composed.length());
        boolean pendingSpace = false;
        int i = 0;
        while (i < composed.length()) {
            int codePoint = composed.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(fold(codePoint));
        }
        return out.toString();
    }

    private static int fold(int codePoint) {
        if (codePoint < 128) {
            return codePoint >= 'A' && codePoint <= 'Z' ? codePoint + ('a' - 'A') : codePoint;
        }
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }

    /** ASCII is its own NFKC form; most mail is ASCII, and the check is far cheaper than normalizing. */
    private static boolean isPlainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }
}
