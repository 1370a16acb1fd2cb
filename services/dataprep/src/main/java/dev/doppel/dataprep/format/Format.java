package dev.doppel.dataprep.format;

import java.util.Arrays;
import java.util.Optional;

/** The upload formats ingest understands; {@code id} is what a tenant declares (or {@code auto}). */
public enum Format {
    OPENAI_PROMPT_COMPLETION("openai-prompt-completion"),
    OPENAI_CHAT("openai-chat"),
    CSV("csv"),
    TSV("tsv"),
    WHATSAPP("whatsapp"),
    TELEGRAM("telegram"),
    MESSENGER("messenger"),
    MBOX("mbox"),
    EML("eml"),
    TEXT("text"),
    ZIP("zip");

    public static final String AUTO = "auto";

    private final String id;

    Format(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Format> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equalsIgnoreCase(id)).findFirst();
    }
}
