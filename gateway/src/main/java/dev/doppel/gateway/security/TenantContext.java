package dev.doppel.gateway.security;

import dev.doppel.gateway.rest.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * The tenant of the current request: the access token's {@code tenant_id} claim (Keycloak maps it from the
 * user's tenant group, or hardcodes it for a tenant's service account), or the tenant an API key belongs
 * to. Every query for tenant data filters by it, so another tenant's ids answer 404.
 */
@RequestScoped
public class TenantContext {
    public static final String TENANT_CLAIM = Identities.TENANT_CLAIM;

    private final SecurityIdentity identity;

    TenantContext(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String tenantId() {
        String tenant = Identities.tenantOf(identity);
        if (tenant == null) {
            throw ApiException.forbidden("Your token carries no '" + TENANT_CLAIM + "' claim: this account belongs to no tenant.");
        }
        return tenant;
    }
}
