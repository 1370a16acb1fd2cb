package dev.doppel.gateway.security;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What the gateway reads from an identity, whichever way it authenticated: a Keycloak access token (a
 * user's, or a tenant's service account's) carries the tenant as the {@code tenant_id} claim; an API key
 * identity carries it as an attribute set by {@link ApiKeyIdentityProvider}.
 */
public final class Identities {
    public static final String TENANT_CLAIM = "tenant_id";
    /** Set on identities that authenticated with an API key: the key's id. */
    public static final String API_KEY_ID = "doppel.api_key_id";

    /** The tenant, or null when the identity belongs to no tenant (a reviewer, an operator, anonymous). */
    public static String tenantOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Object attribute = identity.getAttribute(TENANT_CLAIM);
        if (attribute != null) {
            return attribute.toString();
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object claim = token.getClaim(TENANT_CLAIM);
            String tenant = claim == null ? null : claim.toString().replace("\"", "");
            return tenant == null || tenant.isBlank() ? null : tenant;
        }
        return null;
    }

    /** The API key the request authenticated with, or null for a token. */
    public static String apiKeyOf(SecurityIdentity identity) {
        return identity == null ? null : identity.getAttribute(API_KEY_ID);
    }

    /** A stable id of the person or client: the token's subject (Keycloak's user id), else the principal's name. */
    public static String subjectOf(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    private Identities() {
    }
}
