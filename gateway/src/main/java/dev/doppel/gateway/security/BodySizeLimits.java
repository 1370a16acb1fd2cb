package dev.doppel.gateway.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.gateway.rest.ErrorBody;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Too large bodies answer 413 in OpenAI's error shape before a byte of them is read. Vert.x's own limit
 * ({@code quarkus.http.limits.max-body-size}, the upload limit) answers an empty 413, which OpenAI clients
 * report as an unknown error; JSON requests get a smaller limit of their own
 * ({@code doppel.gateway.limits.max-json-body-size}): no chat or job request needs megabytes, and a JSON
 * body is parsed in memory. Checked on {@code Content-Length}; a chunked body without one still meets
 * Vert.x's limit, and that 413 is given the same shape by the failure handler below.
 */
@ApplicationScoped
public class BodySizeLimits {
    /** Before Quarkus's own upload-limit route, so that this answer wins. */
    static final int ORDER = Integer.MIN_VALUE + 10;

    private final long maxBody;
    private final long maxJsonBody;
    private final ObjectMapper json;

    BodySizeLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            @ConfigProperty(name = "doppel.gateway.limits.max-json-body-size", defaultValue = "1M") MemorySize maxJsonBody,
            ObjectMapper json) {
        this.maxBody = maxBody.asLongValue();
        this.maxJsonBody = maxJsonBody.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check).failureHandler(this::tooLargeFailure);
    }

    private void check(RoutingContext context) {
        long length = contentLength(context);
        boolean isJson = isJson(context.request().getHeader(HttpHeaders.CONTENT_TYPE));
        long limit = isJson ? Math.min(maxJsonBody, maxBody) : maxBody;
        if (length > limit) {
            // The body is not read: close an HTTP/1 connection instead of draining megabytes first. HTTP/2
            // forbids the header (the stream is reset instead).
            if (context.request().version() != HttpVersion.HTTP_2) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
            tooLarge(context, (isJson ? "JSON request bodies" : "Request bodies") + " may be at most " + limit
                    + " bytes; this one is " + length + " bytes.");
            return;
        }
        context.next();
    }

    private void tooLargeFailure(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            tooLarge(context, "Request bodies may be at most " + maxBody + " bytes.");
        } else {
            context.next();
        }
    }

    private void tooLarge(RoutingContext context, String message) {
        String body;
        try {
            body = json.writeValueAsString(ErrorBody.of(message, "invalid_request_error", null, "request_too_large"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    private static long contentLength(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses a malformed length itself
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("application/json") || type.contains("+json");
    }
}
