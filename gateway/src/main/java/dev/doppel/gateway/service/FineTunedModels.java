package dev.doppel.gateway.service;

import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.gateway.rest.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The tenant's own fine-tuned models, where they change outside the event projections. */
@ApplicationScoped
public class FineTunedModels {

    /**
     * Marks the tenant's model deleted: no longer ready, so it is neither listed nor served, and
     * {@link PipelineProjection#modelPublished} no longer revives it. 404 for another tenant's or an unknown model.
     */
    public Uni<ModelRecord> delete(String tenantId, String id) {
        return Panache.withTransaction(() -> ModelRecord.findReadyForTenant(tenantId, id)
                .onItem().ifNull().failWith(() -> new ApiException(404, "invalid_request_error", "model_not_found",
                        "model", "The model '" + id + "' does not exist or you do not have access to it."))
                .invoke(model -> {
                    model.ready = false;
                    model.deletedAt = Instant.now();
                }));
    }
}
