package dev.doppel.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.gateway.security.Identities;
import dev.doppel.gateway.security.TenantContext;
import dev.doppel.gateway.service.ApiKeyService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Iterator;

/**
 * {@code /v1/doppel/api_keys}: a tenant's API keys, for OpenAI clients and scripts that cannot do an OIDC login.
 * Keys are managed with a Keycloak token only: a key that could mint more keys would let a leaked key outlive its
 * own revocation (OpenAI likewise keeps key management away from project keys).
 */
@Path("/v1/doppel/api_keys")
@RolesAllowed("tenant")
public class ApiKeysResource {
    private final ApiKeyService keys;
    private final TenantContext tenant;
    private final SecurityIdentity identity;

    ApiKeysResource(ApiKeyService keys, TenantContext tenant, SecurityIdentity identity) {
        this.keys = keys;
        this.tenant = tenant;
        this.identity = identity;
    }

    /** 201 with the key and, this once, its {@code secret}. Body: {@code {"name": "…"}} (optional). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(JsonNode body) {
        requireToken();
        String tenantId = tenant.tenantId();
        return keys.create(tenantId, Identities.subjectOf(identity), name(body))
                .map(created -> Response.created(URI.create("/v1/doppel/api_keys/" + created.key().id))
                        .entity(ApiKeyObject.of(created.key(), created.secret())).build());
    }

    @GET
    public Uni<ListEnvelope<ApiKeyObject>> list() {
        requireToken();
        return keys.list(tenant.tenantId())
                .map(all -> new ListEnvelope<>("list", all.stream().map(ApiKeyObject::of).toList(), false));
    }

    /** Revokes the key at once; requests with it answer 401 from now on. */
    @DELETE
    @Path("/{id}")
    public Uni<ApiKeyObject.Deleted> revoke(@PathParam("id") String id) {
        requireToken();
        return keys.revoke(tenant.tenantId(), id).map(key -> new ApiKeyObject.Deleted(key.id, ApiKeyObject.OBJECT + ".deleted", true));
    }

    private void requireToken() {
        if (Identities.apiKeyOf(identity) != null) {
            throw ApiException.forbidden("API keys cannot manage API keys; sign in with your Keycloak account.");
        }
    }

    private static String name(JsonNode body) {
        if (body == null || body.isNull()) {
            return null;
        }
        if (!body.isObject()) {
            throw ApiException.invalid(null, "The request body must be a JSON object like {\"name\": \"ci\"}.");
        }
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!"name".equals(field)) {
                throw ApiException.invalid(field, "Unrecognized request argument supplied: " + field);
            }
        }
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            return null;
        }
        if (!name.isTextual()) {
            throw ApiException.invalid("name", "name must be a string.");
        }
        return name.asText();
    }
}
