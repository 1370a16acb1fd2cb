package dev.doppel.gateway.service;

import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.events.FileUploaded;
import dev.doppel.events.Ids;
import dev.doppel.gateway.messaging.Channels;
import dev.doppel.gateway.persistence.FileRecord;
import dev.doppel.gateway.rest.ApiException;
import dev.doppel.platform.EventMessages;
import dev.doppel.platform.Offload;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Accepts uploads: the bytes go to the artifact store, the file is recorded, then
 * {@code gateway.file-uploaded.v1} tells ingest to process it.
 */
@ApplicationScoped
public class FileService {
    public static final String FINE_TUNE = "fine-tune";
    /** The trainer's per-step metrics CSV of a finished job; made by the gateway, never uploaded. */
    public static final String FINE_TUNE_RESULTS = "fine-tune-results";
    /** What tenants may upload. */
    public static final Set<String> PURPOSES = Set.of(FINE_TUNE);

    private final ArtifactStore artifacts;
    private final MutinyEmitter<FileUploaded> uploaded;

    FileService(ArtifactStore artifacts, @Channel(Channels.FILE_UPLOADED) MutinyEmitter<FileUploaded> uploaded) {
        this.artifacts = artifacts;
        this.uploaded = uploaded;
    }

    /**
     * @param me the uploader's names, addresses and phone numbers in a chat or mail export (repeated
     *           multipart field {@code me}), so ingest knows whose replies to learn
     */
    public Uni<FileRecord> upload(String tenantId, String filename, Path content, String purpose, String format,
            List<String> me) {
        String fileId = Ids.newId("file");
        String key = ArtifactKeys.file(tenantId, fileId);
        return Offload.blocking(() -> {
            try (var in = Files.newInputStream(content)) {
                return artifacts.put(key, in);
            }
        }).chain(bytes -> Panache.withTransaction(() -> {
            var file = new FileRecord();
            file.id = fileId;
            file.tenantId = tenantId;
            file.filename = filename;
            file.purpose = purpose;
            file.bytes = bytes;
            file.createdAt = Instant.now();
            file.status = FileRecord.UPLOADED;
            file.artifactKey = key;
            return file.<FileRecord>persist();
        })).call(file -> uploaded.sendMessage(EventMessages.keyed(new FileUploaded(Ids.eventId(), tenantId,
                file.createdAt, file.id, file.filename, file.purpose, format, file.bytes, file.artifactKey,
                aliases(me)))));
    }

    /** The {@code me} fields as ingest needs them: stripped, blanks dropped. */
    public static List<String> aliases(List<String> me) {
        return me == null ? List.of() : me.stream().map(String::strip).filter(alias -> !alias.isEmpty()).toList();
    }

    public Uni<List<FileRecord>> list(String tenantId) {
        return Panache.withSession(() -> FileRecord.listForTenant(tenantId));
    }

    public Uni<FileRecord> get(String tenantId, String fileId) {
        return Panache.withSession(() -> FileRecord.findForTenant(tenantId, fileId))
                .onItem().ifNull().failWith(() -> ApiException.notFound("file", fileId));
    }

    /** Ingest's prepare-data report of the file as JSON; 404 until ingest has processed it. */
    public Uni<String> report(String tenantId, String fileId) {
        return get(tenantId, fileId).map(file -> {
            if (file.report == null) {
                throw ApiException.notFound("report of file", fileId);
            }
            return file.report;
        });
    }

    /**
     * Deletes the file as OpenAI does: the record and its bytes. What ingest already made of it (the
     * anonymized dataset) and the jobs trained on it stay; a new job naming the file answers 400. Ingest
     * events about a deleted file find no record and change nothing.
     */
    public Uni<FileRecord> delete(String tenantId, String fileId) {
        return Panache.withTransaction(() -> FileRecord.findForTenant(tenantId, fileId)
                        .onItem().ifNull().failWith(() -> ApiException.notFound("file", fileId))
                        .call(file -> file.delete()))
                .call(file -> Offload.blocking(() -> {
                    artifacts.delete(file.artifactKey);
                    return null;
                }));
    }

    /**
     * Where the bytes of a downloadable file are. Only results files are: like OpenAI, the gateway does
     * not hand training uploads back, and here ingest deletes or encrypts them once processed anyway.
     */
    public Uni<Path> content(String tenantId, String fileId) {
        return get(tenantId, fileId).chain(file -> {
            if (!FINE_TUNE_RESULTS.equals(file.purpose)) {
                throw ApiException.invalid(null, "Not allowed to download files of purpose: " + file.purpose);
            }
            return Offload.blocking(() -> {
                try {
                    return artifacts.localPath(file.artifactKey);
                } catch (NoSuchFileException gone) {
                    throw ApiException.notFound("content of file", fileId);
                }
            });
        });
    }
}
