package dev.doppel.dataprep;

import java.util.Objects;

/** One turn of context before a prompt: who spoke (a pseudonym once anonymized) and what they said. */
public record Turn(String speaker, boolean mine, String text) {
    public Turn {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
    }
}
