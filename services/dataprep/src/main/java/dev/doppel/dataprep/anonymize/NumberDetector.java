package dev.doppel.dataprep.anonymize;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything that starts with or near a digit: phone numbers, card numbers, IPv4 addresses and IBANs.
 * One pass visits each run of digits once; the patterns are tried only where such a number can start,
 * which keeps a text full of dates and prices cheap.
 */
final class NumberDetector implements Detector {
    /** Digit groups joined the ways phone numbers are written: {@code +44 (0)20 7946 0958}, {@code (555) 123-4567}. */
    private static final Pattern PHONE_RUN = Pattern.compile(
            "(?:\\+|\\(\\+?)?[0-9]+(?:(?:\\)[ \\u00A0]?\\(?|[ \\u00A0./-]\\(?|\\()[0-9]+)*");
    private static final Pattern CARD_RUN = Pattern.compile("[0-9]+(?:[ -][0-9]+)*");
    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(
            "(?:" + OCTET + "\\.){3}" + OCTET + "(?![\\p{L}\\p{N}_]|\\.[0-9])");

    @Override
    public void detect(String text, List<Span> out) {
        Matcher phoneRun = null;
        Matcher cardRun = null;
        Matcher ipv4 = null;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (!Chars.isAsciiDigit(text.charAt(i))) {
                continue;
            }
            char before = i > 0 ? text.charAt(i - 1) : ' ';
            if (Chars.isAsciiLetter(before)) {
                if (i >= 2 && Chars.isAsciiLetter(text.charAt(i - 2)) && !Chars.isWordCharAt(text, i - 3)) {
                    IbanRules.findAt(text, i - 2, out);
                }
            } else if (!Chars.isWordChar(before) && !continuesRun(text, i)) {
                if (before != '.' && !startsLikeVersion(text, i)) {
                    ipv4 = ipv4 == null ? IPV4.matcher(text) : ipv4;
                    if (ipv4.region(i, length).lookingAt()) {
                        out.add(new Span(i, ipv4.end(), PiiClass.IP));
                    }
                }
                cardRun = cardRun == null ? CARD_RUN.matcher(text) : cardRun;
                if (cardRun.region(i, length).lookingAt()) {
                    CardRules.findIn(text, i, cardRun.end(), out);
                }
                int phoneStart = phoneStart(text, i);
                phoneRun = phoneRun == null ? PHONE_RUN.matcher(text) : phoneRun;
                if (!isInsideToken(text, phoneStart) && phoneRun.region(phoneStart, length).lookingAt()) {
                    PhoneRules.findIn(text, phoneStart, phoneRun.end(), out);
                }
            }
            while (i + 1 < length && Chars.isAsciiDigit(text.charAt(i + 1))) {
                i++;
            }
        }
    }

    /** A digit group after a separator that follows another group is looked at with the run's start. */
    private static boolean continuesRun(String text, int digit) {
        if (digit < 2 || " \u00A0.-/()".indexOf(text.charAt(digit - 1)) < 0) {
            return false;
        }
        char beforeSeparator = text.charAt(digit - 2);
        return Chars.isAsciiDigit(beforeSeparator) || beforeSeparator == ')';
    }

    /**
     * {@code 0.x.y.z} and {@code 1.x.y.z} are CVS revisions and versions ({@code 1.67.2.1}) far more
     * often than addresses in mail, and the addresses among them (1.1.1.1) are public services.
     */
    private static boolean startsLikeVersion(String text, int digit) {
        return digit + 1 < text.length() && text.charAt(digit + 1) == '.'
                && (text.charAt(digit) == '0' || text.charAt(digit) == '1');
    }

    /** {@code 17ywGP-000544-00}: a number hyphenated to a word is part of an identifier. */
    private static boolean isInsideToken(String text, int start) {
        return start >= 2 && text.charAt(start - 1) == '-' && Chars.isWordChar(text.charAt(start - 2));
    }

    /** A phone number may open with {@code +}, {@code (} or {@code (+}. */
    private static int phoneStart(String text, int digit) {
        int start = digit;
        if (start > 0 && text.charAt(start - 1) == '+') {
            start--;
        }
        if (start > 0 && text.charAt(start - 1) == '(') {
            start--;
        }
        return Chars.isWordCharAt(text, start - 1) ? digit : start;
    }
}
