package dev.doppel.events;

import java.time.Instant;
import java.util.List;

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
        String artifactKey,
        List<String> me) implements DoppelEvent {

    /**
     * {@code me}: the names, e-mail addresses and phone numbers under which the uploader appears in a
     * chat or mail export, so ingest knows whose replies to learn; empty for ready-made pairs.
     */
    public FileUploaded {
        me = me == null ? List.of() : List.copyOf(me);
    }

    /** An upload without "me" aliases (ready-made prompt/completion pairs). */
    public FileUploaded(String eventId, String tenantId, Instant occurredAt, String fileId, String filename,
            String purpose, String format, long bytes, String artifactKey) {
        this(eventId, tenantId, occurredAt, fileId, filename, purpose, format, bytes, artifactKey, List.of());
    }

    @Override
    public String key() {
        return fileId;
    }
}
