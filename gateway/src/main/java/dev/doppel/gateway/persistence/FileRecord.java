package dev.doppel.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A file a tenant uploaded, as the gateway shows it (OpenAI's file object). */
@Entity
@Table(name = "files")
public class FileRecord extends PanacheEntityBase {
    public static final String UPLOADED = "uploaded";
    public static final String PROCESSED = "processed";
    public static final String ERROR = "error";

    @Id
    public String id;
    public String tenantId;
    public String filename;
    public String purpose;
    public long bytes;
    public Instant createdAt;
    public String status;
    @Column(length = 2000)
    public String statusDetails;
    public String artifactKey;
    public String datasetId;
    /** Ingest's prepare-data report as JSON, once the file is processed. */
    @Column(columnDefinition = "text")
    public String report;

    public static Uni<FileRecord> findForTenant(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    public static Uni<List<FileRecord>> listForTenant(String tenantId) {
        return list("tenantId = ?1 order by createdAt desc, id desc", tenantId);
    }
}
