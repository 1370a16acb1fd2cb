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

    private CardRules() {
    }

    /** Adds the card numbers in {@code text[start, end)}: digit groups joined by single spaces or dashes. */
    static void findIn(String text, int start, int end, List<Span> out) {
        if (DigitGroups.countDigits(text, start, end) < MIN_DIGITS) {
            return;
        }
        DigitGroups groups = new DigitGroups(text, start, end);
        int first = 0;
        while (first < groups.count()) {
            int card = longestCardFrom(groups, first);
            if (card < 0) {
                first++;
            } else {
                out.add(new Span(groups.start(first), groups.end(card), PiiClass.CREDIT_CARD));
                first = card + 1;
            }
        }
    }

    /** The last group of the longest card starting at group {@code first}, or -1. */
    private static int longestCardFrom(DigitGroups groups, int first) {
        for (int last = Math.min(groups.count() - 1, first + MAX_GROUPS - 1); last >= first; last--) {
            int digits = groups.digits(first, last);
            if (digits >= MIN_DIGITS && digits <= MAX_DIGITS && isCardShaped(groups, first, last)
                    && Checksums.luhn(groups.text, groups.start(first), groups.end(last))) {
                return last;
            }
        }
        return -1;
    }

    /** Groups before the last have 4 to 6 digits, the last at most 6: a spaced list of small numbers is not a card. */
    private static boolean isCardShaped(DigitGroups groups, int first, int last) {
        if (first < last && groups.length(last) > 6) {
            return false;
        }
        for (int g = first; g < last; g++) {
            if (groups.length(g) < 4 || groups.length(g) > 6) {
                return false;
            }
        }
        return true;
    }
}
