package dev.doppel.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.doppel.gateway.serving.ServerBusyException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** A full generation queue leaves as OpenAI's 429, with the Retry-After its clients wait for. */
class CompletionsErrorMappingTest {

    @Test
    void aBusyServerAnswers429WithRetryAfterInOpenAisShape() {
        Response response = new ApiExceptionMappers().api(new ServerBusyException("full", 3));
        assertEquals(429, response.getStatus());
        assertEquals("3", response.getHeaderString("Retry-After"));
        ErrorBody body = (ErrorBody) response.getEntity();
        assertEquals("rate_limit_exceeded", body.error().type());
        assertEquals("full", body.error().message());
    }
}
