package dev.doppel.gateway.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The secret of a Doppel API key, as the client sent it in {@code Authorization: Bearer sk-doppel-…}. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {
    private final String secret;

    public ApiKeyAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }
}
