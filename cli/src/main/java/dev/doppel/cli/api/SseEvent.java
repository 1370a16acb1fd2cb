package dev.doppel.cli.api;

/**
 * One server-sent event: its {@code data} lines joined by newlines, and its {@code event} and {@code id} fields
 * (null when the server sent none).
 */
public record SseEvent(String event, String data, String id) {
    /** OpenAI ends every stream with {@code data: [DONE]}, which is not JSON. */
    public static final String DONE = "[DONE]";

    public boolean isDone() {
        return DONE.equals(data.strip());
    }
}
