package dev.doppel.dataprep.anonymize;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Placeholder. Replaces personal data in text with consistent pseudonyms and counts what it replaced. */
public final class Anonymizer {
    public Anonymizer(Set<PiiClass> classes, Pseudonyms pseudonyms) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Names of participants, replaced wherever they appear in text (full name and its parts). */
    public void addPersonNames(Collection<String> names) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public String anonymize(String text) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The pseudonym of a participant ({@code <PERSON_3>}), or the name itself when PERSON is not replaced. */
    public String person(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** How many replacements of each class so far. */
    public Map<PiiClass, Integer> replacements() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
