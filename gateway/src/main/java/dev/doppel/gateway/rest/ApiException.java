package dev.doppel.gateway.rest;

/**
 * An error the API reports to the client in OpenAI's shape: an HTTP status, a {@code type}
 * ({@code invalid_request_error}, {@code authentication_error}, …), a machine {@code code} and the
 * {@code param} at fault.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final int retryAfterSeconds;

    public ApiException(int status, String type, String code, String param, String message) {
        this(status, type, code, param, message, -1);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} (a 429 or 503 that OpenAI's clients wait out); -1 for none */
    public ApiException(int status, String type, String code, String param, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException invalid(String param, String message) {
        return new ApiException(400, "invalid_request_error", "invalid_value", param, message);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(404, "invalid_request_error", "not_found", null,
                "No such " + what + ": '" + id + "'");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "permission_error", "forbidden", null, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
