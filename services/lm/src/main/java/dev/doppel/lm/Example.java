package dev.doppel.lm;

import java.util.Objects;

/** One supervised pair: what the other person wrote, and how the owner answered. */
public record Example(String prompt, String completion) {
    public Example {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
    }
}
