package dev.doppel.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * The machine-wide cache of unpacked binaries (PostgreSQL, Keycloak), shared by the local stack and
 * tests so that only the first start pays for unpacking and Keycloak's build: {@code $DOPPEL_CACHE_DIR},
 * else {@code $XDG_CACHE_HOME/doppel}, else {@code ~/.cache/doppel}.
 */
public final class Cache {
    private static final Properties BUILD = load();

    public static Path dir() {
        String explicit = System.getenv("DOPPEL_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("doppel").toAbsolutePath();
    }

    /** Values recorded at build time (versions, where Maven put the Keycloak zip). */
    static String buildProperty(String key) {
        String value = BUILD.getProperty(key);
        if (value == null || value.contains("${")) {
            throw new IllegalStateException("localstack.properties lacks " + key + " (was the module built with Maven?)");
        }
        return value;
    }

    /** Runs the action while holding an inter-process lock file, so two JVMs never unpack into one place. */
    static <T> T locked(Path lockFile, java.util.function.Supplier<T> action) {
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (var in = Cache.class.getResourceAsStream("localstack.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private Cache() {
    }
}
