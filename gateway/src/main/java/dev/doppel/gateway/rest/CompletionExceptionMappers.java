package dev.doppel.gateway.rest;

import dev.doppel.gateway.serving.ServerBusyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A full generation queue answers 429 in OpenAI's shape, with {@code Retry-After} as OpenAI's clients honour it. */
public class CompletionExceptionMappers {

    @ServerExceptionMapper
    public Response busy(ServerBusyException e) {
        return Response.status(429).type(MediaType.APPLICATION_JSON)
                .header("Retry-After", Integer.toString(e.retryAfterSeconds()))
                .entity(ErrorBody.of(e.getMessage(), e.type(), e.param(), e.code()))
                .build();
    }
}
