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

    public ApiException(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
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
}
