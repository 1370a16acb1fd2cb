package dev.doppel.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A fresh artifact store directory per test run, removed afterwards. */
public class ArtifactsResource implements QuarkusTestResourceLifecycleManager {
    private static volatile Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("doppel-artifacts-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("doppel.artifacts.dir", dir.toString());
    }

    @Override
    public void stop() {
        Path root = dir;
        dir = null;
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path dir() {
        Path root = dir;
        if (root == null) {
            throw new IllegalStateException("ArtifactsResource is not started");
        }
        return root;
    }
}
