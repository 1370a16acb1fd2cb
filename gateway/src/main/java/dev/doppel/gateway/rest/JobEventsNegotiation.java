package dev.doppel.gateway.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Chooses between the two {@code GET /v1/fine_tuning/jobs/{id}/events} methods before matching. The stream is
 * asked for with {@code ?stream=true} (what OpenAI-style clients can add to a URL) or {@code Accept:
 * text/event-stream} (what an EventSource sends); everything else, {@code Accept: *}{@code /*} included, gets
 * the JSON list, so existing clients see no change.
 */
public class JobEventsNegotiation {
    private static final Pattern EVENTS = Pattern.compile("/v1/fine_tuning/jobs/[^/]+/events/?");

    @ServerRequestFilter(preMatching = true)
    public void negotiate(ContainerRequestContext request) {
        if (!"GET".equals(request.getMethod()) || !EVENTS.matcher(request.getUriInfo().getPath()).matches()) {
            return;
        }
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        boolean stream = "true".equalsIgnoreCase(request.getUriInfo().getQueryParameters().getFirst("stream"))
                || (accept != null && accept.contains(MediaType.SERVER_SENT_EVENTS));
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, stream ? MediaType.SERVER_SENT_EVENTS : MediaType.APPLICATION_JSON);
    }
}
