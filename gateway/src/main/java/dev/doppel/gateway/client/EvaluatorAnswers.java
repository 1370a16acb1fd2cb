package dev.doppel.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.gateway.rest.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns the evaluator's answers into the gateway's: a success passes through as JSON (204 stays empty); an
 * evaluator error keeps its status and becomes OpenAI's error shape (the evaluator writes
 * {@code {"error": {"code", "message", "param"}}}, or nothing at all for some 404s); an evaluator that cannot be
 * reached is a 503, so a client knows to retry rather than to fix its request.
 */
@ApplicationScoped
public class EvaluatorAnswers {
    private static final Logger LOG = Logger.getLogger(EvaluatorAnswers.class);

    private final ObjectMapper json;

    EvaluatorAnswers(ObjectMapper json) {
        this.json = json;
    }

    /** The JSON body of a successful answer; empty for 204. Fails with the translated {@link ApiException} otherwise. */
    public Uni<Optional<JsonNode>> body(Uni<Response> call) {
        return call
                .onFailure(WebApplicationException.class).recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .onFailure(failure -> !(failure instanceof ApiException)).transform(EvaluatorAnswers::unavailable)
                .map(this::translate);
    }

    private Optional<JsonNode> translate(Response response) {
        int status = response.getStatus();
        String text = response.hasEntity() ? response.readEntity(String.class) : "";
        if (status >= 200 && status < 300) {
            return text.isBlank() ? Optional.empty() : Optional.of(parse(text, status));
        }
        JsonNode error = text.isBlank() ? null : tryParse(text).map(body -> body.get("error")).orElse(null);
        String message = error != null && error.hasNonNull("message") ? error.get("message").asText()
                : "The evaluator answered " + status + ".";
        String code = error != null && error.hasNonNull("code") ? error.get("code").asText() : defaultCode(status);
        String param = error != null && error.hasNonNull("param") ? error.get("param").asText() : null;
        String type = status >= 500 ? "server_error" : status == 403 ? "permission_error" : "invalid_request_error";
        throw new ApiException(status, type, code, param, message);
    }

    private JsonNode parse(String text, int status) {
        return tryParse(text).orElseThrow(() -> {
            LOG.warnf("the evaluator answered %d with a body that is not JSON", status);
            return new ApiException(502, "server_error", "bad_gateway", null, "The evaluator gave an unreadable answer.");
        });
    }

    private Optional<JsonNode> tryParse(String text) {
        try {
            return Optional.of(json.readTree(text));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String defaultCode(int status) {
        return status == 404 ? "not_found" : status >= 500 ? "server_error" : "invalid_request";
    }

    private static Throwable unavailable(Throwable failure) {
        LOG.warnf("the evaluator could not be reached: %s", failure.toString());
        return new ApiException(503, "server_error", "service_unavailable", null,
                "The evaluation service is unavailable right now; try again shortly.");
    }
}
