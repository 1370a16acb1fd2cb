package dev.doppel.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's fine-tuned model. It becomes {@code ready} — listed and servable — once the evaluator has
 * published one of its job's checkpoints; a better checkpoint published later replaces the served one.
 */
@Entity
@Table(name = "models")
public class ModelRecord extends PanacheEntityBase {
    @Id
    public String id;
    public String tenantId;
    public String jobId;
    public String checkpointId;
    public String artifactKey;
    public Instant createdAt;
    public boolean ready;
    /** The evaluation of the served checkpoint. */
    public String evaluationId;
    public Integer step;
    /** The loss the evaluator chose this checkpoint by. */
    public Double selectionLoss;
    public Instant publishedAt;
    /** Set by {@code DELETE /v1/models/{id}}: the model is no longer listed or served, and later publications of its job no longer revive it. */
    public Instant deletedAt;

    public static Uni<ModelRecord> findReadyForTenant(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2 and ready = true", id, tenantId).firstResult();
    }

    public static Uni<List<ModelRecord>> listReadyForTenant(String tenantId) {
        return list("tenantId = ?1 and ready = true order by createdAt desc, id desc", tenantId);
    }
}
