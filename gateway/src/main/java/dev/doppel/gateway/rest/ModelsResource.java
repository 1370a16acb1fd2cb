package dev.doppel.gateway.rest;

import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.gateway.security.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** {@code /v1/models}: the tenant's fine-tuned models that are ready to serve. */
@Path("/v1/models")
@RolesAllowed("tenant")
public class ModelsResource {
    private final TenantContext tenant;

    ModelsResource(TenantContext tenant) {
        this.tenant = tenant;
    }

    @GET
    public Uni<ListEnvelope<ModelObject>> list() {
        String tenantId = tenant.tenantId();
        return Panache.withSession(() -> ModelRecord.listReadyForTenant(tenantId))
                .map(models -> new ListEnvelope<>("list", models.stream().map(ModelObject::of).toList(), false));
    }

    @GET
    @Path("/{id}")
    public Uni<ModelObject> get(@PathParam("id") String id) {
        String tenantId = tenant.tenantId();
        return Panache.withSession(() -> ModelRecord.findReadyForTenant(tenantId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("model", id))
                .map(ModelObject::of);
    }
}
