package dev.doppel.gateway.security;

import dev.doppel.gateway.service.ApiKeyService;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Doppel API keys travel exactly like Keycloak tokens, as {@code Authorization: Bearer …}, because OpenAI
 * clients only know that header. This mechanism runs before quarkus-oidc's (higher priority) and claims only
 * bearer values that start with {@value ApiKeyService#PREFIX}; for anything else it answers "not mine" (a
 * null identity) and Quarkus asks the OIDC mechanism next, so Keycloak JWTs keep working. A key it claims
 * but cannot find fails the request (401): it never falls through to OIDC.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {
    private static final String BEARER = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String secret = apiKey(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (secret == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(secret), context));
    }

    static String apiKey(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String value = authorization.substring(BEARER.length()).trim();
        return value.startsWith(ApiKeyService.PREFIX) ? value : null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    /** Above quarkus-oidc's ({@code DEFAULT_PRIORITY + 1}), so that an API key is never sent to Keycloak's verifier. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 500;
    }
}
