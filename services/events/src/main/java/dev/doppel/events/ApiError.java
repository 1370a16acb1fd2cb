package dev.doppel.events;

/**
 * The error shape OpenAI uses for API errors and failed jobs: a human message, a machine code and,
 * where it applies, the parameter (or {@code file:line}) at fault.
 */
public record ApiError(String code, String message, String param) {
}
