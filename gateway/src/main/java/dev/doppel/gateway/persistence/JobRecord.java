package dev.doppel.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** The gateway's projection of a fine-tuning job, built from the trainer's events. */
@Entity
@Table(name = "jobs")
public class JobRecord extends PanacheEntityBase {
    @Id
    public String id;
    public String tenantId;
    public String trainingFile;
    public String datasetId;
    public String baseModel;
    public String status;
    public String fineTunedModel;
    public Instant createdAt;
    public Instant finishedAt;
    public long trainedTokens;
    public Integer step;
    public Integer totalSteps;
    public String errorCode;
    @Column(length = 2000)
    public String errorMessage;
    public String errorParam;

    public static Uni<JobRecord> findForTenant(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    public static Uni<List<JobRecord>> listForTenant(String tenantId) {
        return list("tenantId = ?1 order by createdAt desc, id desc", tenantId);
    }
}
