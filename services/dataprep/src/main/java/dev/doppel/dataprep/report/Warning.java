package dev.doppel.dataprep.report;

import java.util.List;

/**
 * Something about the data a person should look at before training, with what to do about it.
 *
 * @param code       stable id: {@code few_examples}, {@code too_long}, {@code empty_completions},
 *                   {@code duplicated_prompts}, {@code common_prefix}, {@code common_suffix}
 * @param count      how many examples it concerns
 * @param locations  up to five of them ({@code file:line} or conversation and turn), to look at
 */
public record Warning(String code, String message, String suggestion, int count, List<String> locations) {
    public Warning {
        locations = List.copyOf(locations);
    }
}
