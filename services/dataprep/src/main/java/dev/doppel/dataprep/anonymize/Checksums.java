package dev.doppel.dataprep.anonymize;

/** The check digits that tell a card number or IBAN from any other long number. */
final class Checksums {
    private Checksums() {
    }

    /** Luhn over the ASCII digits of {@code text[start, end)}, skipping separators. */
    static boolean luhn(CharSequence text, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (!Chars.isAsciiDigit(c)) {
                continue;
            }
            int digit = c - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616 mod-97 over an IBAN without spaces: country and check digits moved to the end. */
    static boolean ibanMod97(String compact) {
        int length = compact.length();
        int remainder = 0;
        for (int k = 0; k < length; k++) {
            char c = Character.toUpperCase(compact.charAt((k + 4) % length));
            if (Chars.isAsciiDigit(c)) {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }
}
