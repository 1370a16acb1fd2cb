package dev.doppel.gateway.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * On {@code POST /v1/chat/completions} and {@code /v1/completions} the body's {@code stream} field alone decides
 * between JSON and server-sent events, as at OpenAI, whose clients send {@code Accept: application/json} even when
 * they stream. The resources answer through one streaming {@code RestMulti} that sets its own Content-Type
 * ({@link CompletionStream}), so the Accept header is widened before matching instead of being negotiated, which
 * would refuse the official clients with 406.
 */
public class CompletionsNegotiation {
    private static final Set<String> PATHS = Set.of("/v1/chat/completions", "/v1/completions");

    @ServerRequestFilter(preMatching = true)
    public void acceptWhatTheBodyAsksFor(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if ("POST".equals(request.getMethod()) && PATHS.contains(path.endsWith("/") ? path.substring(0, path.length() - 1) : path)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.WILDCARD);
        }
    }
}
