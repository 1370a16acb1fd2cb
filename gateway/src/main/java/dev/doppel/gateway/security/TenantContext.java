package dev.doppel.gateway.security;

import dev.doppel.gateway.rest.ApiException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The tenant of the current request, taken from the access token's {@code tenant_id} claim (Keycloak
 * maps it from the user's tenant group). Every query for tenant data filters by it, so another
 * tenant's ids answer 404.
 */
@RequestScoped
public class TenantContext {
    public static final String TENANT_CLAIM = "tenant_id";

    private final JsonWebToken token;

    TenantContext(JsonWebToken token) {
        this.token = token;
    }

    public String tenantId() {
        Object claim = token.getClaim(TENANT_CLAIM);
        String tenant = claim == null ? null : claim.toString().replace("\"", "");
        if (tenant == null || tenant.isBlank()) {
            throw ApiException.forbidden("Your token carries no '" + TENANT_CLAIM + "' claim: this account belongs to no tenant.");
        }
        return tenant;
    }
}
