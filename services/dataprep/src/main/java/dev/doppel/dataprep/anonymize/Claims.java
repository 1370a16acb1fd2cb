package dev.doppel.dataprep.anonymize;

import java.util.Arrays;
import java.util.List;

/**
 * What the detectors before this one already found, so a number does not run into an e-mail address
 * written right after it ({@code +1 555 123 4567 0@example.com}) and swallow the start of it.
 */
final class Claims {
    private final int[] starts;
    private final int[] ends;

    private Claims(List<Span> spans) {
        Span[] sorted = spans.toArray(Span[]::new);
        Arrays.sort(sorted, Span.RESOLUTION_ORDER);
        starts = new int[sorted.length];
        ends = new int[sorted.length];
        for (int k = 0; k < sorted.length; k++) {
            starts[k] = sorted[k].start();
            ends[k] = Math.max(sorted[k].end(), k > 0 ? ends[k - 1] : 0); // ends never decrease
        }
    }

    static Claims of(List<Span> spans) {
        return new Claims(spans);
    }

    /** The end of the claim covering {@code position}, or {@code position} when none does. */
    int skip(int position) {
        int k = lastStartAtOrBefore(position);
        return k >= 0 && ends[k] > position ? ends[k] : position;
    }

    /** Where the next claim after {@code position} starts, or {@code limit}. */
    int nextStart(int position, int limit) {
        int k = lastStartAtOrBefore(position) + 1;
        return k < starts.length ? Math.min(starts[k], limit) : limit;
    }

    private int lastStartAtOrBefore(int position) {
        int k = Arrays.binarySearch(starts, position);
        if (k < 0) {
            return -k - 2;
        }
        while (k + 1 < starts.length && starts[k + 1] == position) {
            k++;
        }
        return k;
    }
}
