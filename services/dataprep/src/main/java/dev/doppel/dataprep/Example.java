package dev.doppel.dataprep;

import java.util.List;
import java.util.Objects;

/**
 * One training pair: the message the owner received ({@code prompt}, with up to K earlier turns as
 * {@code context}) and the reply they wrote ({@code completion}).
 *
 * @param group    the conversation or thread the pair comes from: the unit of the train/validation/test
 *                 split. Files of ready-made pairs (JSONL, CSV) use the normalized prompt, so one prompt
 *                 never appears in two splits.
 * @param location where in the upload it came from ({@code file:line}), for the report's warnings
 */
public record Example(List<Turn> context, String prompt, String completion, String group, String location) {
    public Example {
        context = context == null ? List.of() : List.copyOf(context);
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(group, "group");
        location = location == null ? "" : location;
    }

    public static Example of(String prompt, String completion, String group, String location) {
        return new Example(List.of(), prompt, completion, group, location);
    }
}
