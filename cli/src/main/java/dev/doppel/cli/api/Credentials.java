package dev.doppel.cli.api;

import java.io.IOException;

/** Where a request's bearer token comes from: an API key, or a Keycloak login that can renew itself. */
public interface Credentials {

    String bearer() throws IOException, InterruptedException;

    /**
     * Called after the gateway answered 401 to {@link #bearer()}'s token: true when a fresh one is now available,
     * so that the request is worth repeating once.
     */
    default boolean renew() throws IOException, InterruptedException {
        return false;
    }

    static Credentials apiKey(String key) {
        return () -> key;
    }

    /** No credentials yet: every request fails with {@code message}, which says how to get some. */
    static Credentials missing(String message) {
        return () -> {
            throw new NotLoggedInException(message);
        };
    }
}
