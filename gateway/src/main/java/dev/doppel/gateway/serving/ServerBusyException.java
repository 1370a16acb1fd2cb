package dev.doppel.gateway.serving;

import dev.doppel.gateway.rest.ApiException;

/** 429 in OpenAI's shape with a {@code Retry-After}: the generation queue is full. */
public class ServerBusyException extends ApiException {

    public ServerBusyException(String message, int retryAfterSeconds) {
        super(429, "rate_limit_exceeded", "rate_limit_exceeded", null, message, retryAfterSeconds);
    }
}
