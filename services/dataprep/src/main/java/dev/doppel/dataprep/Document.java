package dev.doppel.dataprep;

import java.util.Objects;

/** A piece of plain text for pretraining (a file of a corpus, or one paragraph-separated part of it). */
public record Document(String id, String text) {
    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }
}
