package dev.doppel.gateway.security;

import dev.doppel.gateway.service.ApiKeyService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns an API key into the same identity a tenant's Keycloak token gives: role {@code tenant} and the key's
 * tenant. An unknown or revoked key is a failed authentication (401 {@code invalid_api_key}).
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {
    public static final String TENANT_ROLE = "tenant";

    private final ApiKeyService keys;

    ApiKeyIdentityProvider(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return keys.authenticate(request.secret())
                .onItem().ifNull().failWith(() -> new AuthenticationFailedException("unknown or revoked API key"))
                .map(key -> QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(key.id))
                        .addRole(TENANT_ROLE)
                        .addAttribute(Identities.TENANT_CLAIM, key.tenantId)
                        .addAttribute(Identities.API_KEY_ID, key.id)
                        .build());
    }
}
