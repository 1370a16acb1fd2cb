package dev.doppel.dataprep.anonymize;

import java.util.List;

/**
 * Which runs of digit groups are phone numbers. A real number must never survive, so a run counts
 * unless it looks like something else: a date at its start ({@code 2002-09-03}, {@code 03/09/2002},
 * {@code 1999-2002}; skipped, the rest is looked at again), a version or decimal ({@code 1.2.3.4},
 * {@code 12.50}, {@code 95/98/2000}), a price (a currency sign beside it), a US ZIP+4 code, or a bare
 * digit string of fewer than 10 or more than 13 digits (order numbers, MIME boundaries; nobody writes
 * a phone number that way). A last group that is an hour ({@code 2002 12:00}) or carries a unit
 * ({@code 4px}, {@code 0.75pt}) is not part of the run.
 */
final class PhoneRules {
    static final int MIN_DIGITS = 7;
    /** E.164's longest number. */
    static final int MAX_DIGITS = 15;
    private static final int MIN_BARE_DIGITS = 10;
    private static final int MAX_BARE_DIGITS = 13;

    private PhoneRules() {
    }

    /** Adds the phone numbers in the run {@code text[start, end)}, which begins at a digit, '+' or '('. */
    static void findIn(String text, int start, int end, List<Span> out) {
        if (DigitGroups.countDigits(text, start, end) < MIN_DIGITS) {
            return;
        }
        DigitGroups groups = new DigitGroups(text, start, end);
        if (groups.count() > 1 && lastGroupIsNotPartOfNumber(text, end)) {
            int last = groups.count() - 1;
            boolean decimal = groups.separatorBefore(last).equals(".");
            if (decimal && last == 1) {
                return; // 0.75pt
            }
            end = groups.end(decimal ? last - 2 : last - 1);
            groups = new DigitGroups(text, start, end);
        }
        int afterDate = groupsInLeadingDate(groups);
        if (afterDate > 0) {
            if (afterDate < groups.count()) {
                int rest = groups.start(afterDate);
                findIn(text, hasOpeningBefore(text, rest, groups.end(afterDate - 1)) ? rest - 1 : rest, end, out);
            }
            return;
        }
        if (isPhone(text, start, end, groups, 0, groups.count() - 1)) {
            out.add(new Span(start, end, PiiClass.PHONE));
            return;
        }
        split(text, start, groups, out);
    }

    /**
     * Two numbers side by side ({@code 555-123-4567 555-987-6543}) form one run with too many digits;
     * they are split where a space separates groups, longest first part first. Each part needs ten
     * digits or an opening {@code +} or {@code (}. When no split covers the whole run, the phone numbers
     * inside it are still taken, leftmost and longest first, except in a number shaped like a card
     * ({@code 1234 5678 9012 3456} failed the card check; it is not a phone number plus a remainder).
     */
    private static void split(String text, int runStart, DigitGroups groups, List<Span> out) {
        if (partition(text, runStart, groups, 0, out) || isCardShaped(groups)) {
            return;
        }
        int first = 0;
        while (first < groups.count()) {
            int last = canStartPart(groups, first) ? longestPart(text, runStart, groups, first) : -1;
            if (last < 0) {
                first++;
            } else {
                out.add(new Span(partStart(text, runStart, groups, first), groups.end(last), PiiClass.PHONE));
                first = last + 1;
            }
        }
    }

    private static boolean partition(String text, int runStart, DigitGroups groups, int first, List<Span> out) {
        if (first == groups.count()) {
            return true;
        }
        for (int last = groups.count() - 1; last >= first; last--) {
            if (endsPart(groups, last) && isPart(text, runStart, groups, first, last)) {
                int mark = out.size();
                out.add(new Span(partStart(text, runStart, groups, first), groups.end(last), PiiClass.PHONE));
                if (partition(text, runStart, groups, last + 1, out)) {
                    return true;
                }
                out.subList(mark, out.size()).clear();
            }
        }
        return false;
    }

    private static int longestPart(String text, int runStart, DigitGroups groups, int first) {
        for (int last = groups.count() - 1; last >= first; last--) {
            if (endsPart(groups, last) && isPart(text, runStart, groups, first, last)) {
                return last;
            }
        }
        return -1;
    }

    private static boolean isPart(String text, int runStart, DigitGroups groups, int first, int last) {
        int start = partStart(text, runStart, groups, first);
        int digits = groups.digits(first, last);
        return digits <= MAX_DIGITS && (digits >= MIN_BARE_DIGITS || isMarked(text, start))
                && isPhone(text, start, groups.end(last), groups, first, last);
    }

    private static boolean canStartPart(DigitGroups groups, int first) {
        return first == 0 || containsSpace(groups.separatorBefore(first));
    }

    private static boolean endsPart(DigitGroups groups, int last) {
        return last == groups.count() - 1 || containsSpace(groups.separatorBefore(last + 1));
    }

    private static int partStart(String text, int runStart, DigitGroups groups, int first) {
        if (first == 0) {
            return runStart;
        }
        int start = groups.start(first);
        return text.charAt(start - 1) == '(' ? start - 1 : start;
    }

    private static boolean isCardShaped(DigitGroups groups) {
        int digits = groups.digits(0, groups.count() - 1);
        if (digits < 13 || digits > 19) {
            return false;
        }
        for (int g = 0; g < groups.count() - 1; g++) {
            if (groups.length(g) != 4) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPhone(String text, int start, int end, DigitGroups groups, int first, int last) {
        int digits = groups.digits(first, last);
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            return false;
        }
        if (first == last && !isMarked(text, start) && (digits < MIN_BARE_DIGITS || digits > MAX_BARE_DIGITS)) {
            return false;
        }
        return !looksLikeVersionOrDecimal(groups, first, last) && !isZipPlusFour(groups, first, last)
                && !isAmount(text, start, end);
    }

    private static boolean lastGroupIsNotPartOfNumber(String text, int end) {
        if (end >= text.length()) {
            return false;
        }
        char next = text.charAt(end);
        return Character.isLetter(next) || (next == ':' && Chars.isDigitAt(text, end + 1));
    }

    private static boolean isZipPlusFour(DigitGroups groups, int first, int last) {
        return last == first + 1 && groups.length(first) == 5 && groups.length(last) == 4
                && groups.separatorBefore(last).equals("-");
    }

    private static boolean isMarked(String text, int start) {
        return text.charAt(start) == '+' || text.charAt(start) == '(';
    }

    private static boolean looksLikeVersionOrDecimal(DigitGroups groups, int first, int last) {
        boolean allDots = last > first;
        for (int g = first + 1; g <= last; g++) {
            String separator = groups.separatorBefore(g);
            boolean dot = separator.equals(".");
            allDots &= dot;
            int shorter = Math.min(groups.length(g - 1), groups.length(g));
            if ((dot && shorter < 2) || (separator.equals("/") && shorter < 3)) {
                return true;
            }
        }
        return allDots && last - first < 2;
    }

    private static boolean isAmount(String text, int start, int end) {
        int before = start - 1;
        if (before >= 0 && isSpaceChar(text.charAt(before))) {
            before--;
        }
        int after = end;
        if (after < text.length() && isSpaceChar(text.charAt(after))) {
            after++;
        }
        return (before >= 0 && Character.getType(text.charAt(before)) == Character.CURRENCY_SYMBOL)
                || (after < text.length() && (Character.getType(text.charAt(after)) == Character.CURRENCY_SYMBOL
                        || text.charAt(after) == '%'));
    }

    /** How many groups a date at the run's start takes (3 for a day, 2 for a year range), else 0. */
    private static int groupsInLeadingDate(DigitGroups groups) {
        if (groups.count() >= 3) {
            String separator = groups.separatorBefore(1);
            boolean dateSeparators = separator.length() == 1 && "-./".contains(separator)
                    && separator.equals(groups.separatorBefore(2));
            if (dateSeparators && (isYearMonthDay(groups) || isDayMonthYear(groups))) {
                return 3;
            }
        }
        if (groups.count() >= 2 && isYearRange(groups)) {
            return 2;
        }
        return 0;
    }

    /** {@code 1999-2002}, {@code (1694-1778)}: two years, the second later. */
    private static boolean isYearRange(DigitGroups groups) {
        String separator = groups.separatorBefore(1);
        return (separator.equals("-") || separator.equals("/")) && groups.length(0) == 4 && groups.length(1) == 4
                && between(groups.value(0), 1000, 2099) && between(groups.value(1), groups.value(0) + 1, 2099);
    }

    private static boolean isYearMonthDay(DigitGroups groups) {
        return isYear(groups, 0) && groups.length(1) <= 2 && groups.length(2) <= 2
                && between(groups.value(1), 1, 12) && between(groups.value(2), 1, 31);
    }

    /** Day first or month first: both orders are written, so either reading counts. */
    private static boolean isDayMonthYear(DigitGroups groups) {
        if (groups.length(0) > 2 || groups.length(1) > 2 || (groups.length(2) != 2 && groups.length(2) != 4)) {
            return false;
        }
        int a = groups.value(0);
        int b = groups.value(1);
        return between(a, 1, 31) && between(b, 1, 31) && (a <= 12 || b <= 12);
    }

    private static boolean isYear(DigitGroups groups, int group) {
        return groups.length(group) == 4 && between(groups.value(group), 1900, 2099);
    }

    private static boolean between(int value, int low, int high) {
        return value >= low && value <= high;
    }

    private static boolean hasOpeningBefore(String text, int groupStart, int previousGroupEnd) {
        return groupStart - 1 > previousGroupEnd
                && (text.charAt(groupStart - 1) == '(' || text.charAt(groupStart - 1) == '+');
    }

    private static boolean containsSpace(String separator) {
        return separator.indexOf(' ') >= 0 || separator.indexOf('\u00A0') >= 0;
    }

    private static boolean isSpaceChar(char c) {
        return c == ' ' || c == '\u00A0';
    }
}
