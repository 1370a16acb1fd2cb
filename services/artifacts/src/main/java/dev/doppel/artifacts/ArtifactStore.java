package dev.doppel.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Where services put the large things they share — uploaded files, dataset splits, checkpoints — and
 * pass only keys over Kafka. Keys are relative, slash-separated paths such as
 * {@code tenants/tenant-a/files/file-123}; every key of a tenant starts with {@link #tenantPrefix}.
 *
 * <p>Writes are atomic: a reader never sees half an artifact.
 */
public interface ArtifactStore {

    /** Stores the stream's bytes under {@code key}, replacing what was there; returns the byte count. */
    long put(String key, InputStream content) throws IOException;

    /** Stores a whole directory (e.g. a checkpoint) under {@code key}, replacing what was there. */
    void putDirectory(String key, Path directory) throws IOException;

    /** Opens the artifact; throws {@link java.nio.file.NoSuchFileException} naming the key if absent. */
    InputStream open(String key) throws IOException;

    /**
     * A local path at which the artifact (a file or a directory) can be read, for libraries that need
     * files (DJL loads checkpoints from a directory).
     */
    Path localPath(String key) throws IOException;

    boolean exists(String key);

    /** Deletes the artifact or directory under {@code key}; deleting nothing is not an error. */
    void delete(String key) throws IOException;

    /** Keys directly under a prefix, sorted. */
    List<String> list(String prefix) throws IOException;

    static String tenantPrefix(String tenantId) {
        return "tenants/" + ArtifactKeys.requireSafeSegment(tenantId, "tenantId") + "/";
    }
}
