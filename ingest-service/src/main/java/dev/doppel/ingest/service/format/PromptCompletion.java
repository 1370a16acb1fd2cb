package dev.doppel.ingest.service.format;

import java.util.Objects;

/** One training example: the message the owner received and the reply they wrote. */
public record PromptCompletion(String prompt, String completion) {
    public PromptCompletion {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
    }
}
