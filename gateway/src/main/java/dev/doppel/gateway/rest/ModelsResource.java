package dev.doppel.gateway.rest;

import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.gateway.security.TenantContext;
import dev.doppel.gateway.service.BaseModels;
import dev.doppel.gateway.service.FineTunedModels;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.stream.Stream;

/**
 * {@code /v1/models}: the base models every tenant may fine-tune (owned by {@code doppel}), then the
 * tenant's own fine-tuned models that are ready to serve.
 */
@Path("/v1/models")
@RolesAllowed("tenant")
public class ModelsResource {
    private final TenantContext tenant;
    private final BaseModels baseModels;
    private final FineTunedModels models;

    ModelsResource(TenantContext tenant, BaseModels baseModels, FineTunedModels models) {
        this.tenant = tenant;
        this.baseModels = baseModels;
        this.models = models;
    }

    @GET
    public Uni<ListEnvelope<ModelObject>> list() {
        String tenantId = tenant.tenantId();
        return baseModels.list().chain(base -> Panache.withSession(() -> ModelRecord.listReadyForTenant(tenantId))
                .map(own -> new ListEnvelope<>("list", Stream.concat(base.stream().map(ModelObject::of),
                        own.stream().map(ModelObject::of)).toList(), false)));
    }

    @GET
    @Path("/{id}")
    public Uni<ModelObject> get(@PathParam("id") String id) {
        String tenantId = tenant.tenantId();
        return baseModels.find(id).chain(base -> base.isPresent() ? Uni.createFrom().item(ModelObject.of(base.get()))
                : Panache.withSession(() -> ModelRecord.findReadyForTenant(tenantId, id))
                        .onItem().ifNull().failWith(() -> ApiException.notFound("model", id))
                        .map(ModelObject::of));
    }

    /**
     * Deletes one of the tenant's fine-tuned models, as OpenAI does: it leaves the list and chat answers 404 for
     * it. Base models belong to the platform: 403, as OpenAI refuses to delete a model you do not own. The
     * checkpoints stay in the artifact store (the job's history still names them).
     */
    @DELETE
    @Path("/{id}")
    public Uni<ModelObject.Deleted> delete(@PathParam("id") String id) {
        String tenantId = tenant.tenantId();
        return baseModels.find(id).chain(base -> {
            if (base.isPresent()) {
                throw new ApiException(403, "permission_error", "model_not_deletable", "model",
                        "You cannot delete the base model '" + id + "': it is owned by doppel, not by your organization.");
            }
            return models.delete(tenantId, id);
        }).map(model -> new ModelObject.Deleted(model.id, "model", true));
    }
}
