package dev.doppel.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One event of a fine-tuning job (OpenAI's {@code fine_tuning.job.event}); metrics kept as JSON. */
@Entity
@Table(name = "job_events")
public class JobEventRecord extends PanacheEntityBase {
    @Id
    public String id;
    public String jobId;
    public String tenantId;
    public Instant createdAt;
    public String level;
    @Column(length = 2000)
    public String message;
    public String type;
    @Column(length = 4000)
    public String dataJson;

    /** Newest first, as OpenAI lists job events. */
    public static Uni<List<JobEventRecord>> listForJob(String tenantId, String jobId) {
        return list("tenantId = ?1 and jobId = ?2 order by createdAt desc, id desc", tenantId, jobId);
    }
}
