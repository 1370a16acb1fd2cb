package dev.doppel.ingest.messaging;

import dev.doppel.events.FileUploaded;
import dev.doppel.ingest.service.IngestService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Hands each uploaded file to the ingest service. A failed Uni nacks the record, which the channel's
 * dead-letter strategy parks on {@code <topic>.dlq}; the consumer then goes on with the next record.
 */
@ApplicationScoped
public class FileUploadedConsumer {
    public static final String FILE_UPLOADED = "file-uploaded";
    private static final Logger LOG = Logger.getLogger(FileUploadedConsumer.class);

    private final IngestService ingest;

    public FileUploadedConsumer(IngestService ingest) {
        this.ingest = ingest;
    }

    /**
     * A record that is not JSON never gets here: with {@code fail-on-deserialization-failure=false} the
     * connector nacks it itself. {@code upload} can still be null (a JSON {@code null}); the service
     * refuses that like any incomplete event.
     */
    @Incoming(FILE_UPLOADED)
    public Uni<Void> consume(FileUploaded upload) {
        return ingest.ingest(upload).onFailure().invoke(e -> LOG.warnf(
                "FileUploaded %s goes to the dead-letter topic: %s", upload == null ? "(unreadable)" : upload.eventId(), e.toString()));
    }
}
