package dev.doppel.dataprep.anonymize;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Pseudonyms already in the text claim their place, which makes anonymizing twice a no-op. */
final class PseudonymMarkers implements Detector {
    private static final Pattern MARKER = Pattern.compile(Arrays.stream(PiiClass.values())
            .map(kind -> Pattern.quote(kind.tag()))
            .collect(Collectors.joining("|", "<(?:", ")_[0-9]+>")));

    @Override
    public void detect(String text, List<Span> out) {
        int open = text.indexOf('<');
        if (open < 0) {
            return;
        }
        Matcher matcher = MARKER.matcher(text);
        while (open >= 0) {
            matcher.region(open, text.length());
            if (matcher.lookingAt()) {
                out.add(new Span(open, matcher.end(), null));
                open = text.indexOf('<', matcher.end());
            } else {
                open = text.indexOf('<', open + 1);
            }
        }
    }
}
