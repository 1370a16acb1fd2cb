package dev.doppel.gateway.rest;

import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.gateway.security.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** {@code /v1/doppel/models/{id}/evaluation}: Doppel's own — how a model scored on held-out data. */
@Path("/v1/doppel/models")
@RolesAllowed("tenant")
public class EvaluationsResource {
    private final TenantContext tenant;

    EvaluationsResource(TenantContext tenant) {
        this.tenant = tenant;
    }

    @GET
    @Path("/{id}/evaluation")
    public Uni<EvaluationObject> evaluation(@PathParam("id") String id) {
        String tenantId = tenant.tenantId();
        return Panache.withSession(() -> ModelRecord.findReadyForTenant(tenantId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("model", id))
                .map(EvaluationObject::of);
    }
}
