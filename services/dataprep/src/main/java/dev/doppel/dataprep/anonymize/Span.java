package dev.doppel.dataprep.anonymize;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A stretch of text a detector claims. {@code kind} is null for a pseudonym already in the text, which
 * claims its place so that nothing inside it is replaced again.
 */
record Span(int start, int end, PiiClass kind) {
    /**
     * Which class takes a stretch two detectors claim alike: {@code 192.168.100.200} is an address
     * before it is a phone number, and a Luhn-valid 15-digit number is a card.
     */
    private static final Map<PiiClass, Integer> PRIORITY = priorities(List.of(
            PiiClass.EMAIL, PiiClass.URL, PiiClass.IBAN, PiiClass.CREDIT_CARD, PiiClass.IP, PiiClass.PHONE,
            PiiClass.PERSON));

    /** Leftmost first, then longest, then by {@link #PRIORITY}; pseudonyms already there first of all. */
    static final Comparator<Span> RESOLUTION_ORDER = Comparator.comparingInt(Span::start)
            .thenComparing(Comparator.comparingInt(Span::length).reversed())
            .thenComparingInt(span -> span.kind() == null ? -1 : PRIORITY.get(span.kind()));

    private static Map<PiiClass, Integer> priorities(List<PiiClass> order) {
        Map<PiiClass, Integer> priority = new EnumMap<>(PiiClass.class);
        for (PiiClass kind : PiiClass.values()) {
            int rank = order.indexOf(kind);
            priority.put(kind, rank < 0 ? order.size() : rank);
        }
        return priority;
    }

    int length() {
        return end - start;
    }
}
