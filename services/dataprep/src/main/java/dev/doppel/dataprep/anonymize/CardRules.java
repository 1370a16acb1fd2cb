package dev.doppel.dataprep.anonymize;

import java.util.List;

/**
 * Card numbers: 13 to 19 digits that pass the Luhn check, written in one piece or in groups
 * ({@code 4111 1111 1111 1111}, Amex's {@code 3782 822463 10005}). A card may sit inside a longer run
 * of groups ({@code 4111 1111 1111 1111 12/25}), so every stretch of at most five groups is tried,
 * leftmost and longest first.
 */
final class CardRules {
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    private static final int MAX_GROUPS = 5;
    /**
     * A short group right after a card, ending the run, goes with the card: it is a security code
     * ({@code 4111 1111 1111 1111 123}) or the card's true last group when the check happened to pass
     * one group early (1 number in 10 passes Luhn), and either way it must not be left behind.
     */
    private static final int MAX_TRAILING_GROUP = 4;

    private CardRules() {
    }

    /**
     * Adds the card numbers in {@code text[start, end)}: digit groups joined by single spaces or dashes.
     * With {@code firstGroupOpensPhone} no card starts at the first group.
     */
    static void findIn(String text, int start, int end, boolean firstGroupOpensPhone, List<Span> out) {
        if (DigitGroups.countDigits(text, start, end) < MIN_DIGITS) {
            return;
        }
        DigitGroups groups = new DigitGroups(text, start, end);
        int first = firstGroupOpensPhone ? 1 : 0;
        while (first < groups.count()) {
            int card = canStartCard(groups, first) ? longestCardFrom(groups, first) : -1;
            if (card < 0) {
                first++;
            } else {
                int lastGroup = card;
                if (card == groups.count() - 2 && groups.length(card + 1) <= MAX_TRAILING_GROUP
                        && !continuesAsOtherNumber(groups, first, card + 1)) {
                    lastGroup = card + 1;
                }
                out.add(new Span(groups.start(first), groups.end(lastGroup), PiiClass.CREDIT_CARD));
                first = lastGroup + 1;
            }
        }
    }

    /** A card starts a run or follows a space; after a dash it would start inside {@code 555-1234 …}. */
    private static boolean canStartCard(DigitGroups groups, int first) {
        return first == 0 || groups.separatorBefore(first).equals(" ");
    }

    /**
     * A last group that goes on with another separator and digits belongs to what follows: an expiry
     * date ({@code 12/25}) or a phone number ({@code 023.000.0000}, {@code 000-000-0000} after a card
     * written with spaces), not to the card before it.
     */
    private static boolean continuesAsOtherNumber(DigitGroups groups, int first, int last) {
        String text = groups.text;
        int end = groups.end(last);
        if (end + 1 >= text.length() || !Chars.isAsciiDigit(text.charAt(end + 1))) {
            return false;
        }
        char next = text.charAt(end);
        String cardSeparator = last > first ? groups.separatorBefore(first + 1) : "";
        return "./- ".indexOf(next) >= 0 && !cardSeparator.equals(String.valueOf(next)) && next != ' ';
    }

    /** The last group of the longest card starting at group {@code first}, or -1. */
    private static int longestCardFrom(DigitGroups groups, int first) {
        for (int last = Math.min(groups.count() - 1, first + MAX_GROUPS - 1); last >= first; last--) {
            int digits = groups.digits(first, last);
            if (digits >= MIN_DIGITS && digits <= MAX_DIGITS && isCardShaped(groups, first, last)
                    && !continuesAsOtherNumber(groups, first, last)
                    && Checksums.luhn(groups.text, groups.start(first), groups.end(last))) {
                return last;
            }
        }
        return -1;
    }

    /**
     * Groups before the last have 4 to 6 digits, the last at most 6, all joined by the same separator:
     * a spaced list of small numbers is not a card.
     */
    private static boolean isCardShaped(DigitGroups groups, int first, int last) {
        if (first < last && groups.length(last) > 6) {
            return false;
        }
        for (int g = first; g < last; g++) {
            if (groups.length(g) < 4 || groups.length(g) > 6) {
                return false;
            }
            if (g > first && !groups.separatorBefore(g + 1).equals(groups.separatorBefore(first + 1))) {
                return false; // one card is written with one separator; a change starts the next number
            }
        }
        return true;
    }
}
