package dev.doppel.gateway.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves the gateway in OpenAI's error shape, so OpenAI client libraries raise their
 * usual typed errors. Authentication is lazy ({@code quarkus.http.auth.proactive=false}) so that 401 and
 * 403 pass through here too.
 */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(ErrorBody.of(e.getMessage(), e.type(), e.param(), e.code()));
        if (e.retryAfterSeconds() >= 0) {
            response.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        return response.build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.status(401)
                .header("WWW-Authenticate", "Bearer")
                .type(MediaType.APPLICATION_JSON)
                .entity(ErrorBody.of("Missing or invalid bearer token. Send 'Authorization: Bearer <token>'.",
                        "authentication_error", null, "invalid_api_key"))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, ErrorBody.of("Your role does not allow this request.",
                "permission_error", null, "forbidden"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String type = status >= 500 ? "server_error" : "invalid_request_error";
        // A chunked body over quarkus.http.limits.max-body-size ends here; one with a Content-Length is refused
        // earlier by security/BodySizeLimits with the same code.
        String code = status == 413 ? "request_too_large" : null;
        return respond(status, ErrorBody.of(e.getMessage(), type, null, code));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return respond(500, ErrorBody.of("The server had an error while processing your request.",
                "server_error", null, null));
    }

    private static Response respond(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
