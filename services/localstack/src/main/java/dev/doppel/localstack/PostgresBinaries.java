package dev.doppel.localstack;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL's server binaries, taken from zonky's packaged archive and unpacked once into the cache.
 * zonky's own EmbeddedPostgres ties the server to the JVM; the local stack needs a server that keeps
 * running after the CLI exits, so it runs these binaries itself.
 */
public final class PostgresBinaries {

    /** The directory holding {@code bin/initdb} and {@code bin/postgres}, unpacked if needed. */
    public static Path ensureUnpacked() {
        Path home = Cache.dir().resolve("postgres-" + Cache.buildProperty("postgres.binaries.version"));
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return home;
        }
        return Cache.locked(Cache.dir().resolve("postgres.lock"), () -> {
            if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                unpack(home);
            }
            return home;
        });
    }

    /**
     * Commands that must not run as root get {@code unshare -U} in front when we are root, as zonky does:
     * in a fresh user namespace the process is not root, yet still owns the files root created.
     */
    public static List<String> asNonRoot(List<String> command) {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            full.add("/usr/bin/unshare");
            full.add("-U");
        }
        full.addAll(command);
        return full;
    }

    private static void unpack(Path home) {
        Path staging = home.resolveSibling(home.getFileName() + ".unpacking");
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
                 TarArchiveInputStream tar = new TarArchiveInputStream(
                         new XZCompressorInputStream(new BufferedInputStream(archive)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = staging.resolve(entry.getName()).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("archive entry escapes its directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    }
                }
            }
            deleteTree(home);
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack the PostgreSQL binaries into " + home, e);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private PostgresBinaries() {
    }
}
