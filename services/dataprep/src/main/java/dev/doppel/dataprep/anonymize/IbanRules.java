package dev.doppel.dataprep.anonymize;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IBANs: country code, two check digits and up to 30 letters or digits, upper case, in one piece or in
 * the printed groups of four; the mod-97 check decides. A next word of four capitals looks like one
 * more group, so shorter candidates ending at a space are tried, longest first. Mixed case (base64)
 * and lower case are not IBANs: one random string in 97 passes the check.
 */
final class IbanRules {
    private static final Pattern IBAN = Pattern.compile(
            "[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)");
    private static final int MIN_LENGTH = 15;
    private static final int MAX_LENGTH = 34;

    private IbanRules() {
    }

    /** Adds the IBAN starting at {@code start} (its country code), if there is one. */
    static void findAt(String text, int start, List<Span> out) {
        if (isBase64At(text, start - 1)) {
            return;
        }
        Matcher matcher = IBAN.matcher(text).region(start, text.length());
        if (!matcher.lookingAt()) {
            return;
        }
        for (int end = matcher.end(); end > start; end = text.lastIndexOf(' ', end - 1)) {
            if (Chars.isWordCharAt(text, end) || isBase64At(text, end)) {
                continue;
            }
            String compact = text.substring(start, end).replace(" ", "");
            if (compact.length() >= MIN_LENGTH && compact.length() <= MAX_LENGTH && Checksums.ibanMod97(compact)) {
                out.add(new Span(start, end, PiiClass.IBAN));
                return;
            }
        }
    }

    private static boolean isBase64At(String text, int index) {
        return index >= 0 && index < text.length() && "+/=".indexOf(text.charAt(index)) >= 0;
    }
}
