package dev.doppel.trainer.service;

import dev.doppel.events.ApiError;

/**
 * A job failed for a reason the tenant can act on (a missing or malformed split). Anything else that
 * escapes a run is reported as {@code server_error} by {@link #describe(Throwable)}.
 */
public final class TrainingFailure extends RuntimeException {
    private final transient ApiError error;

    public TrainingFailure(String code, String message, String param) {
        this(code, message, param, null);
    }

    public TrainingFailure(String code, String message, String param, Throwable cause) {
        super(message, cause);
        this.error = new ApiError(code, message, param);
    }

    public ApiError error() {
        return error;
    }

    /** The error a failed job reports for {@code t}. */
    public static ApiError describe(Throwable t) {
        if (t instanceof TrainingFailure failure) {
            return failure.error();
        }
        String detail = t.getMessage() == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
        return new ApiError("server_error", "Training failed unexpectedly: " + detail, null);
    }
}
