package dev.doppel.dataprep.anonymize;

import java.util.List;

/** Finds one family of personal data in a text; spans may overlap other detectors' spans. */
interface Detector {
    void detect(String text, List<Span> out);
}
