package dev.doppel.dataprep.anonymize;

import java.util.ArrayList;
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
        Claims claims = Claims.of(out);
        Matcher phoneRun = PHONE_RUN.matcher(text);
        Matcher cardRun = CARD_RUN.matcher(text);
        Matcher ipv4 = IPV4.matcher(text);
        int length = text.length();
        int runCoveredUpTo = 0;
        for (int i = 0; i < length; i++) {
            if (!Chars.isAsciiDigit(text.charAt(i))) {
                continue;
            }
            int unclaimed = claims.skip(i);
            if (unclaimed > i) {
                i = unclaimed - 1;
                continue;
            }
            int limit = claims.nextStart(i, length);
            char before = i > 0 ? text.charAt(i - 1) : ' ';
            if (Chars.isAsciiLetter(before)) {
                if (i >= 2 && Chars.isAsciiLetter(text.charAt(i - 2)) && !Chars.isWordCharAt(text, i - 3)) {
                    IbanRules.findAt(text, i - 2, out);
                }
            } else if (!Chars.isWordChar(before)) {
                if (before != '.' && !startsLikeVersion(text, i) && ipv4.region(i, length).lookingAt()) {
                    out.add(new Span(i, ipv4.end(), PiiClass.IP));
                }
                if (i >= runCoveredUpTo) {
                    int start = phoneStart(text, i);
                    if (!phoneRun.region(start, limit).lookingAt()) {
                        start = i;
                        phoneRun.region(start, limit).lookingAt();
                    }
                    runCoveredUpTo = phoneRun.end();
                    int cardsFrom = out.size();
                    findCards(text, i, runCoveredUpTo, cardRun, out);
                    if (!isInsideToken(text, start)) {
                        findPhonesAround(text, start, runCoveredUpTo, List.copyOf(out.subList(cardsFrom, out.size())), out);
                    }
                    closeGaps(text, out.subList(cardsFrom, out.size()));
                }
            }
            while (i + 1 < length && Chars.isAsciiDigit(text.charAt(i + 1))) {
                i++;
            }
        }
    }

    /** Cards inside one phone-shaped run, which may hold several card-shaped runs ({@code (000) 4111…}). */
    private static void findCards(String text, int from, int to, Matcher cardRun, List<Span> out) {
        for (int i = from; i < to; i++) {
            // inside a phone-shaped run, a card starts after a space: after '.' or '/' it would start inside 555.123.4567
            boolean canStart = i == from || " \u00A0(".indexOf(text.charAt(i - 1)) >= 0;
            if (canStart && Chars.isAsciiDigit(text.charAt(i)) && cardRun.region(i, to).lookingAt()) {
                // a '+' opens a phone number, whatever its digits' checksum
                boolean afterPlus = i > 0 && text.charAt(i - 1) == '+';
                CardRules.findIn(text, i, cardRun.end(), afterPlus, out);
                i = cardRun.end() - 1;
            }
        }
    }

    /**
     * Phone numbers in the run outside the cards found in it: a phone number written right after a
     * card ({@code 4111 1111 1111 1111 555-123-4567}) would otherwise be split across the card and lost.
     */
    private static void findPhonesAround(String text, int start, int end, List<Span> cards, List<Span> out) {
        if (cards.isEmpty()) {
            PhoneRules.findIn(text, start, end, out);
            return;
        }
        List<Span> claimed = List.copyOf(cards);
        int segmentStart = start;
        for (Span card : claimed) {
            int segmentEnd = Chars.endOfLastDigit(text, segmentStart, card.start());
            if (segmentEnd > segmentStart) {
                PhoneRules.findIn(text, segmentStart, segmentEnd, out);
            }
            segmentStart = card.end();
            while (segmentStart < end && !Chars.isAsciiDigit(text.charAt(segmentStart))
                    && text.charAt(segmentStart) != '(') {
                segmentStart++;
            }
        }
        if (segmentStart < end) {
            PhoneRules.findIn(text, segmentStart, end, out);
        }
    }

    /**
     * Digits left between two finds of one run go with the find before them. A run of groups is
     * ambiguous: in {@code (000) 000-0000 0000 000 0010 0000 0000 0305 0002} (a phone number, a phone
     * number, a card) the card can pass Luhn starting one group early, by chance, and the second phone
     * number's remaining {@code 0000 000} is then too short to be one. Whatever those digits were, they
     * sit inside personal data, and a pseudonym a few digits too long loses nothing worth keeping.
     */
    private static void closeGaps(String text, List<Span> runFinds) {
        if (runFinds.size() < 2) {
            return;
        }
        List<Span> winners = new ArrayList<>(runFinds);
        winners.sort(Span.RESOLUTION_ORDER);
        int previous = 0;
        for (int k = 1; k < winners.size(); k++) {
            Span before = winners.get(previous);
            Span find = winners.get(k);
            if (find.start() < before.end()) {
                continue; // loses to the find before it when the anonymizer resolves overlaps
            }
            int gapEnd = Chars.endOfLastDigit(text, before.end(), find.start());
            if (gapEnd > before.end()) {
                winners.set(previous, new Span(before.start(), gapEnd, before.kind()));
            }
            previous = k;
        }
        runFinds.clear();
        runFinds.addAll(winners);
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
