package dev.doppel.dataprep.anonymize;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces personal data in text with consistent pseudonyms and counts what it replaced.
 *
 * <p>Every detector runs on every text, enabled or not, and where their finds overlap the leftmost,
 * then longest, then highest-priority find wins (see {@link Span}); only then are the enabled classes
 * replaced. So turning e-mail off leaves {@code alice@www.example.com} whole instead of turning its
 * domain into a URL pseudonym. Pseudonyms already in the text win over everything, which makes
 * {@code anonymize(anonymize(x)).equals(anonymize(x))}.
 *
 * <p>Not thread-safe (it holds the names and the counts of one upload); the {@link Pseudonyms} it
 * writes to may be shared.
 */
public final class Anonymizer {
    private final Set<PiiClass> enabled;
    private final Pseudonyms pseudonyms;
    private final PersonNames personNames = new PersonNames();
    private final List<Detector> detectors;
    private final int[] counts = new int[PiiClass.values().length];

    public Anonymizer(Set<PiiClass> classes, Pseudonyms pseudonyms) {
        this.enabled = classes.isEmpty() ? EnumSet.noneOf(PiiClass.class) : EnumSet.copyOf(classes);
        this.pseudonyms = pseudonyms;
        this.detectors = List.of(new PseudonymMarkers(), new EmailDetector(), new UrlDetector(),
                new Ipv6Detector(), new NumberDetector(), personNames);
    }

    /** Names of participants, replaced wherever they appear in text (full name and its parts). */
    public void addPersonNames(Collection<String> names) {
        personNames.add(names);
    }

    public String anonymize(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        List<Span> found = new ArrayList<>();
        for (Detector detector : detectors) {
            detector.detect(text, found);
        }
        if (found.isEmpty()) {
            return text;
        }
        found.sort(Span.RESOLUTION_ORDER);
        StringBuilder out = null;
        int claimedUpTo = 0;
        int copiedUpTo = 0;
        for (Span span : found) {
            if (span.start() < claimedUpTo) {
                continue; // overlaps a find that won
            }
            claimedUpTo = span.end();
            if (span.kind() == null || !enabled.contains(span.kind())) {
                continue; // stays as written
            }
            out = out == null ? new StringBuilder(text.length() + 16) : out;
            out.append(text, copiedUpTo, span.start()).append(pseudonymOf(text, span));
            copiedUpTo = span.end();
        }
        return out == null ? text : out.append(text, copiedUpTo, text.length()).toString();
    }

    /** The pseudonym of a participant ({@code <PERSON_3>}), or the name itself when PERSON is not replaced. */
    public String person(String name) {
        if (!enabled.contains(PiiClass.PERSON) || name == null || name.isBlank()) {
            return name;
        }
        return pseudonyms.pseudonym(PiiClass.PERSON, personNames.ownerKey(name));
    }

    /** How many replacements of each class so far (every class present, zero when none). */
    public Map<PiiClass, Integer> replacements() {
        Map<PiiClass, Integer> copy = new EnumMap<>(PiiClass.class);
        for (PiiClass kind : PiiClass.values()) {
            copy.put(kind, counts[kind.ordinal()]);
        }
        return copy;
    }

    private String pseudonymOf(String text, Span span) {
        String original = text.substring(span.start(), span.end());
        counts[span.kind().ordinal()]++;
        String key = span.kind() == PiiClass.PERSON ? personNames.ownerKey(original) : original;
        return pseudonyms.pseudonym(span.kind(), key);
    }
}
