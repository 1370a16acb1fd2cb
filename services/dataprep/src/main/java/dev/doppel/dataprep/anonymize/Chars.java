package dev.doppel.dataprep.anonymize;

/** Character tests shared by the detectors, written out because they run once per character. */
final class Chars {
    private Chars() {
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isHexDigit(char c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Part of a word: letters, digits, combining marks (names in decomposed form) and underscore. */
    static boolean isWordChar(char c) {
        if (c < 128) {
            return isAsciiLetter(c) || isAsciiDigit(c) || c == '_';
        }
        if (Character.isLetterOrDigit(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || Character.isSurrogate(c);
    }

    static boolean isWordCharAt(String text, int index) {
        return index >= 0 && index < text.length() && isWordChar(text.charAt(index));
    }

    static boolean isDigitAt(String text, int index) {
        return index >= 0 && index < text.length() && isAsciiDigit(text.charAt(index));
    }

    /** Just after the last digit in {@code text[from, to)}, or {@code from} when it holds none. */
    static int endOfLastDigit(String text, int from, int to) {
        int end = to;
        while (end > from && !isAsciiDigit(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
