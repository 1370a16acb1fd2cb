package dev.doppel.gateway.serving;

import java.util.Locale;

/** Which API a generation serves; a metric tag and the name of the prompt parameter in errors. */
public enum Endpoint {
    CHAT("messages"), COMPLETIONS("prompt");

    private final String promptParam;

    Endpoint(String promptParam) {
        this.promptParam = promptParam;
    }

    public String promptParam() {
        return promptParam;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
