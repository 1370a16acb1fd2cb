package dev.doppel.ingest.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What ingest made of one uploaded file: a ready dataset with its split sizes, or a rejection with the
 * error the file's owner needs to fix it. Rejections are kept, so the owner can always ask why.
 */
@Entity
@Table(name = "datasets", indexes = @Index(name = "datasets_file_id", columnList = "fileId"))
public class Dataset extends PanacheEntityBase {
    public static final String READY = "ready";
    public static final String REJECTED = "rejected";

    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 200)
    public String tenantId;

    @Column(nullable = false, length = 200)
    public String fileId;

    @Column(length = 500)
    public String filename;

    /** {@link #READY} or {@link #REJECTED}. */
    @Column(nullable = false, length = 16)
    public String status;

    public int trainExamples;
    public int validationExamples;
    public int testExamples;
    public int duplicatesRemoved;

    @Column(length = 64)
    public String errorCode;

    @Column(length = 2000)
    public String errorMessage;

    @Column(length = 600)
    public String errorParam;

    @Column(nullable = false)
    public Instant createdAt;

    /** The prepare-data report as JSON (counts, token lengths, anonymization, warnings); null when rejected. */
    @Column(columnDefinition = "text")
    public String report;
}
