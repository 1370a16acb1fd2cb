package dev.doppel.events;

import java.time.Instant;

/**
 * A tenant uploaded a file through the gateway; its bytes are in the artifact store under
 * {@code artifactKey}. {@code format} is the declared format (e.g. {@code openai-prompt-completion}),
 * or {@code auto} to let ingest detect it.
 */
public record FileUploaded(
        String eventId,
        String tenantId,
        Instant occurredAt,
        String fileId,
        String filename,
        String purpose,
        String format,
        long bytes,
        String artifactKey) implements DoppelEvent {

    @Override
    public String key() {
        return fileId;
    }
}
