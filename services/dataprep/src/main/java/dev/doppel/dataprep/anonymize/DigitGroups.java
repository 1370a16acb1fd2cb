package dev.doppel.dataprep.anonymize;

import java.util.Arrays;

/** The runs of ASCII digits in {@code text[from, to)}: how phone and card numbers are written in groups. */
final class DigitGroups {
    final String text;
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int count;

    DigitGroups(String text, int from, int to) {
        this.text = text;
        int i = from;
        while (i < to) {
            if (!Chars.isAsciiDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < to && Chars.isAsciiDigit(text.charAt(i))) {
                i++;
            }
            add(start, i);
        }
    }

    static int countDigits(String text, int from, int to) {
        int digits = 0;
        for (int i = from; i < to; i++) {
            if (Chars.isAsciiDigit(text.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    int count() {
        return count;
    }

    int start(int group) {
        return starts[group];
    }

    int end(int group) {
        return ends[group];
    }

    int length(int group) {
        return ends[group] - starts[group];
    }

    int digits(int first, int last) {
        int digits = 0;
        for (int g = first; g <= last; g++) {
            digits += length(g);
        }
        return digits;
    }

    /** The text between group {@code group - 1} and {@code group}. */
    String separatorBefore(int group) {
        return text.substring(ends[group - 1], starts[group]);
    }

    int value(int group) {
        return length(group) > 9 ? Integer.MAX_VALUE : Integer.parseInt(text, starts[group], ends[group], 10);
    }

    private void add(int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }
}
