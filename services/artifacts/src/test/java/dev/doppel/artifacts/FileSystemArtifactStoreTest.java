package dev.doppel.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemArtifactStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesAndReadsBackBytes() throws IOException {
        var store = new FileSystemArtifactStore(dir);
        String key = ArtifactKeys.file("tenant-a", "file-1");
        long n = store.put(key, stream("hello"));
        assertEquals(5, n);
        try (var in = store.open(key)) {
            assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        store.put(key, stream("replaced"));
        try (var in = store.open(key)) {
            assertEquals("replaced", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of("tenants/tenant-a/files/file-1"), store.list("tenants/tenant-a/files"));
    }

    @Test
    void storesDirectoriesWhole() throws IOException {
        var store = new FileSystemArtifactStore(dir.resolve("store"));
        Path ckpt = Files.createDirectories(dir.resolve("ckpt/sub"));
        Files.writeString(ckpt.resolve("weights"), "w");
        Files.writeString(dir.resolve("ckpt/config.json"), "{}");
        String key = ArtifactKeys.checkpoint("tenant-a", "ftjob-1", "ftckpt-1");
        store.putDirectory(key, dir.resolve("ckpt"));
        assertEquals("w", Files.readString(store.localPath(key).resolve("sub/weights")));
        store.delete(key);
        assertFalse(store.exists(key));
    }

    @Test
    void missingArtifactNamesItsKey() {
        var store = new FileSystemArtifactStore(dir);
        var e = assertThrows(NoSuchFileException.class, () -> store.open("tenants/x/files/nope"));
        assertTrue(e.getMessage().contains("tenants/x/files/nope"));
    }

    @Test
    void keysCannotEscapeTheRoot() {
        var store = new FileSystemArtifactStore(dir);
        assertThrows(IllegalArgumentException.class, () -> store.put("../evil", stream("x")));
        assertThrows(IllegalArgumentException.class, () -> store.open("/etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> ArtifactKeys.file("tenant-a", "../../b"));
        assertThrows(IllegalArgumentException.class, () -> ArtifactKeys.file("a/b", "file-1"));
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
