package dev.doppel.lm;

/**
 * Splits UTF-8 text into the pieces that GPT-2's pattern
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} would match, with
 * {@code \s} meaning Unicode white space as in tiktoken and jtokkit ({@code UNICODE_CHARACTER_CLASS}). BPE never
 * merges across pieces, so a piece is the unit of work and of caching.
 *
 * <p>Written out by hand instead of running {@link java.util.regex.Pattern}: the regex engine costs more than all
 * the merging together, and this scanner needs no String per piece because it reads the UTF-8 bytes directly.
 * {@code Gpt2PretokenizerTest} checks it against the regex on random text.
 */
final class Gpt2Pretokenizer {

    static final String PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static final byte LETTER = 0;
    private static final byte NUMBER = 1;
    private static final byte OTHER = 2;
    private static final byte SPACE = 3;

    /** Class of every char in the Basic Multilingual Plane; 64 KiB buys a table lookup for nearly all text. */
    private static final byte[] BMP_CLASSES = new byte[0x10000];

    static {
        for (int c = 0; c < BMP_CLASSES.length; c++) {
            BMP_CLASSES[c] = classify(c);
        }
    }

    private Gpt2Pretokenizer() {
    }

    /**
     * End (exclusive) of the piece that starts at {@code start}. {@code text} must be well-formed UTF-8, which
     * {@code String.getBytes(UTF_8)} guarantees (it writes '?' for a lone surrogate, which the regex would also
     * treat as neither letter, number nor space).
     */
    static int pieceEnd(byte[] text, int start, int end) {
        byte first = text[start];
        if (first == '\'') {
            int contraction = contractionEnd(text, start, end);
            if (contraction > 0) {
                return contraction;
            }
        }
        if (first == ' ' && start + 1 < end) {
            byte next = classAt(text, start + 1);
            if (next != SPACE) {
                return runEnd(text, start + 1, end, next); // " ?\p{L}+" and its siblings take one leading space
            }
        }
        byte cls = classAt(text, start);
        return cls == SPACE ? whitespaceEnd(text, start, end) : runEnd(text, start, end, cls);
    }

    /** {@code 's|'t|'re|'ve|'m|'ll|'d}: lower case only, exactly as GPT-2 was trained. */
    private static int contractionEnd(byte[] text, int start, int end) {
        if (start + 1 >= end) {
            return -1;
        }
        byte a = text[start + 1];
        if (a == 's' || a == 't' || a == 'm' || a == 'd') {
            return start + 2;
        }
        if (start + 2 >= end) {
            return -1;
        }
        byte b = text[start + 2];
        boolean twoLetters = (a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l');
        return twoLetters ? start + 3 : -1;
    }

    private static int runEnd(byte[] text, int from, int end, byte cls) {
        int i = from;
        while (i < end && classAt(text, i) == cls) {
            i += sequenceLength(text[i]);
        }
        return i;
    }

    /**
     * {@code \s+(?!\S)|\s+}: a run of white space that is followed by more text gives up its last character, so
     * that " word" keeps its space; a single white space before text is a piece of its own.
     */
    private static int whitespaceEnd(byte[] text, int start, int end) {
        int i = start;
        int last = start;
        while (i < end && classAt(text, i) == SPACE) {
            last = i;
            i += sequenceLength(text[i]);
        }
        return i == end || last == start ? i : last;
    }

    private static byte classAt(byte[] text, int i) {
        int lead = text[i];
        if (lead >= 0) {
            return BMP_CLASSES[lead];
        }
        int codePoint = codePointAt(text, i);
        return codePoint < 0x10000 ? BMP_CLASSES[codePoint] : classify(codePoint);
    }

    static int sequenceLength(byte lead) {
        if (lead >= 0) {
            return 1;
        }
        int unsigned = lead & 0xFF;
        return unsigned >= 0xF0 ? 4 : unsigned >= 0xE0 ? 3 : 2;
    }

    private static int codePointAt(byte[] text, int i) {
        int lead = text[i] & 0xFF;
        if (lead >= 0xF0) {
            return (lead & 0x07) << 18 | (text[i + 1] & 0x3F) << 12 | (text[i + 2] & 0x3F) << 6 | (text[i + 3] & 0x3F);
        }
        if (lead >= 0xE0) {
            return (lead & 0x0F) << 12 | (text[i + 1] & 0x3F) << 6 | (text[i + 2] & 0x3F);
        }
        return (lead & 0x1F) << 6 | (text[i + 1] & 0x3F);
    }

    /** The same Unicode tables as {@link java.util.regex.Pattern}: {@code \p{L}}, {@code \p{N}}, White_Space. */
    private static byte classify(int codePoint) {
        int type = Character.getType(codePoint);
        switch (type) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER -> {
                return LETTER;
            }
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> {
                return NUMBER;
            }
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                return SPACE;
            }
            default -> {
                boolean controlSpace = (codePoint >= 0x09 && codePoint <= 0x0D) || codePoint == 0x85;
                return controlSpace ? SPACE : OTHER;
            }
        }
    }
}
