package dev.doppel.ingest.service;

import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.events.DatasetReady;
import dev.doppel.events.DatasetRejected;
import dev.doppel.events.FileUploaded;
import dev.doppel.events.Ids;
import dev.doppel.ingest.messaging.DatasetEventPublisher;
import dev.doppel.ingest.persistence.Dataset;
import dev.doppel.platform.IdempotencyGuard;
import dev.doppel.platform.Offload;
import dev.doppel.platform.Text;
import io.quarkus.hibernate.reactive.panache.Panache;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Ingests one uploaded file: builds the dataset (or its rejection), saves it, then announces it.
 *
 * <p>The build and the save run inside one transaction with the idempotency marker, so a redelivered
 * event finds the marker and creates nothing twice. The event goes out only after the commit: nothing
 * is announced that is not saved.
 */
@ApplicationScoped
public class IngestService {
    /** The consumer name under which processed events are remembered. */
    static final String CONSUMER = "ingest-service";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final IdempotencyGuard guard;
    private final DatasetBuilder builder;
    private final DatasetEventPublisher publisher;
    private final IngestMetrics metrics;
    private final PseudonymTables pseudonyms;
    private final RawUploads rawUploads;
    private final ObjectMapper json;

    public IngestService(IdempotencyGuard guard, DatasetBuilder builder, DatasetEventPublisher publisher,
                         IngestMetrics metrics, PseudonymTables pseudonyms, RawUploads rawUploads, ObjectMapper json) {
        this.guard = guard;
        this.builder = builder;
        this.publisher = publisher;
        this.metrics = metrics;
        this.pseudonyms = pseudonyms;
        this.rawUploads = rawUploads;
        this.json = json;
    }

    /**
     * Fails (and the message goes to the dead-letter topic) only for an event that is not a usable
     * FileUploaded or when the store or database fails; a bad file is a normal, announced outcome.
     */
    public Uni<Void> ingest(FileUploaded upload) {
        return Uni.createFrom().voidItem()
                .invoke(() -> requireUsable(upload))
                .chain(() -> Panache.withTransaction(
                        () -> guard.once(CONSUMER, upload, () -> buildAndSave(upload), null)))
                .chain(outcome -> outcome == null ? Uni.createFrom().voidItem()
                        : announce(upload, outcome).call(() -> disposeRaw(upload)));
    }

    public Uni<Dataset> find(String datasetId) {
        return Panache.withSession(() -> Dataset.findById(datasetId));
    }

    private Uni<DatasetOutcome> buildAndSave(FileUploaded upload) {
        String datasetId = Ids.newId("ds");
        // Reading and writing artifacts blocks: a worker does it, and the result comes back on this
        // event-loop context, where the reactive session lives. New pseudonyms commit with the dataset.
        return pseudonyms.load(upload.tenantId()).chain(table ->
                Offload.blocking(() -> builder.build(upload, datasetId, table.pseudonyms()))
                        .call(outcome -> toEntity(upload, outcome).persist())
                        .call(outcome -> outcome instanceof DatasetOutcome.Ready
                                ? pseudonyms.saveNew(upload.tenantId(), table) : Uni.createFrom().voidItem()));
    }

    /**
     * After the commit, never before, so a crash in between cannot lose the upload of a dataset that was
     * not saved. If disposal fails the plain upload stays in the store and the failure is logged.
     */
    private Uni<Void> disposeRaw(FileUploaded upload) {
        return Offload.blocking(() -> {
            rawUploads.dispose(upload);
            return null;
        }).onFailure().invoke(e -> LOG.warnf(e, "could not dispose of raw upload %s", upload.artifactKey()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> announce(FileUploaded upload, DatasetOutcome outcome) {
        metrics.recorded(outcome);
        return switch (outcome) {
            case DatasetOutcome.Ready ready -> {
                LOG.infof("dataset %s ready from file %s: %d train, %d validation, %d test, %d duplicates removed",
                        ready.datasetId(), upload.fileId(), ready.trainExamples(), ready.validationExamples(),
                        ready.testExamples(), ready.duplicatesRemoved());
                yield publisher.ready(new DatasetReady(Ids.eventId(), upload.tenantId(), Instant.now(),
                        ready.datasetId(), upload.fileId(), ready.trainKey(), ready.validationKey(), ready.testKey(),
                        ready.trainExamples(), ready.validationExamples(), ready.testExamples(),
                        json.convertValue(ready.report(), MAP)));
            }
            case DatasetOutcome.Rejected rejected -> {
                LOG.infof("file %s rejected as dataset %s: %s", upload.fileId(), rejected.datasetId(),
                        rejected.error().message());
                yield publisher.rejected(new DatasetRejected(Ids.eventId(), upload.tenantId(), Instant.now(),
                        rejected.datasetId(), upload.fileId(), rejected.error()));
            }
        };
    }

    private Dataset toEntity(FileUploaded upload, DatasetOutcome outcome) {
        var dataset = new Dataset();
        dataset.id = outcome.datasetId();
        dataset.tenantId = upload.tenantId();
        dataset.fileId = upload.fileId();
        dataset.filename = upload.filename();
        dataset.createdAt = Instant.now();
        switch (outcome) {
            case DatasetOutcome.Ready ready -> {
                dataset.status = Dataset.READY;
                dataset.trainExamples = ready.trainExamples();
                dataset.validationExamples = ready.validationExamples();
                dataset.testExamples = ready.testExamples();
                dataset.duplicatesRemoved = ready.duplicatesRemoved();
                dataset.report = toJson(ready.report());
            }
            case DatasetOutcome.Rejected rejected -> {
                dataset.status = Dataset.REJECTED;
                dataset.errorCode = rejected.error().code();
                dataset.errorMessage = Text.truncate(rejected.error().message(), 2000);
                dataset.errorParam = Text.truncate(rejected.error().param(), 600);
            }
        }
        return dataset;
    }

    private String toJson(Object report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report is plain records and maps", e);
        }
    }

    /** A record that is not a FileUploaded we can act on is poison: it belongs on the dead-letter topic. */
    private static void requireUsable(FileUploaded upload) {
        if (upload == null) {
            throw new IllegalArgumentException("the record is not a FileUploaded event (unreadable JSON)");
        }
        if (upload.eventId() == null || upload.fileId() == null || upload.tenantId() == null
                || upload.artifactKey() == null) {
            throw new IllegalArgumentException("FileUploaded " + upload.eventId()
                    + " lacks eventId, tenantId, fileId or artifactKey");
        }
        // Also validates the tenant id; a file of another tenant is never read on this tenant's behalf.
        if (!upload.artifactKey().startsWith(ArtifactStore.tenantPrefix(upload.tenantId()))) {
            throw new IllegalArgumentException("FileUploaded " + upload.eventId() + ": artifact "
                    + upload.artifactKey() + " does not belong to tenant " + upload.tenantId());
        }
    }
}
