package dev.doppel.dataprep.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What preparing one upload did, in the spirit of {@code openai tools fine_tunes.prepare_data}: what was
 * read, what was dropped and why, how long the examples are, and warnings with suggestions.
 *
 * @param formats         the format of each file read (a zip holds several), file → format id
 * @param conversations   chats and mail threads read
 * @param messages        chat messages and mails read
 * @param skipped         what was not a person's words, by kind (system lines, media, service messages …)
 * @param pairs           prompt/reply pairs found, before deduplication
 * @param exactDuplicates pairs (or documents) dropped as exact duplicates after normalization
 * @param nearDuplicates  pairs (or documents) dropped as near duplicates (MinHash, Jaccard ≥ threshold)
 * @param examples        pairs kept
 * @param documents       plain-text documents kept (pretraining corpora)
 * @param splits          kept items per split: train, validation, test
 * @param anonymized      replacements per class ({@code EMAIL}, {@code PHONE} …)
 * @param promptTokens    prompt lengths (context included) in GPT-2 tokens
 * @param completionTokens completion lengths in GPT-2 tokens
 * @param contextTokens   the context length the {@code too_long} warning checks against
 */
public record PrepareReport(
        Map<String, String> formats,
        int conversations,
        int messages,
        Map<String, Integer> skipped,
        int pairs,
        int exactDuplicates,
        int nearDuplicates,
        int examples,
        int documents,
        Map<String, Integer> splits,
        Map<String, Integer> anonymized,
        LengthStats promptTokens,
        LengthStats completionTokens,
        int contextTokens,
        List<Warning> warnings) {

    public PrepareReport {
        formats = ordered(formats);
        skipped = ordered(skipped);
        splits = ordered(splits);
        anonymized = ordered(anonymized);
        warnings = List.copyOf(warnings);
    }

    /** Keeps the caller's order (train, validation, test) so the JSON reads the same every time. */
    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
