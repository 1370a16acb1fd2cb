package dev.doppel.cli.auth;

import dev.doppel.cli.api.Credentials;
import dev.doppel.cli.api.NotLoggedInException;
import java.io.IOException;
import java.time.InstantSource;

/**
 * A Keycloak login used as credentials: its access token until it is about to expire, then a refreshed one (saved
 * back to the store, when there is one, so the next command starts from it).
 */
public final class RefreshingToken implements Credentials {
    private final KeycloakTokens keycloak;
    private final TokenStore store;
    private final InstantSource clock;
    private TokenSet tokens;

    /** @param store null for a login kept in memory only */
    public RefreshingToken(KeycloakTokens keycloak, TokenSet tokens, TokenStore store, InstantSource clock) {
        this.keycloak = keycloak;
        this.tokens = tokens;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public synchronized String bearer() throws IOException, InterruptedException {
        if (!tokens.accessValidAt(clock.instant())) {
            refresh();
        }
        return tokens.accessToken();
    }

    @Override
    public synchronized boolean renew() throws IOException, InterruptedException {
        if (!tokens.refreshValidAt(clock.instant())) {
            return false;
        }
        refresh();
        return true;
    }

    public synchronized TokenSet tokens() {
        return tokens;
    }

    private void refresh() throws IOException, InterruptedException {
        if (!tokens.refreshValidAt(clock.instant())) {
            throw new NotLoggedInException("the login of " + tokens.username() + " has expired; run bin/doppel login"
                    + " again (or pass --api-key)");
        }
        try {
            tokens = keycloak.refresh(tokens);
        } catch (dev.doppel.cli.GatewayClient.ApiError e) {
            // Keycloak ends sessions on its own (idle timeout, logout, restart with a fresh database).
            throw new NotLoggedInException("Keycloak no longer accepts the login of " + tokens.username() + " ("
                    + e.describe() + "); run bin/doppel login again (or pass --api-key)");
        }
        if (store != null) {
            store.save(tokens);
        }
    }
}
