package dev.doppel.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak's server distribution ({@code org.keycloak:keycloak-quarkus-dist}, a zip on Maven Central)
 * unpacked once into the cache. The localstack build fetches the zip into the local Maven repository and
 * records its path; {@code DOPPEL_KEYCLOAK_ZIP} or {@code -Ddoppel.keycloak.zip} point elsewhere.
 *
 * <p>Keycloak keeps its build (re-augmentation) inside the distribution and writes per-server state
 * under {@code data/}; {@link KeycloakServer} moves that state to its own directory, so one unpacked
 * and built distribution serves the local stack and every test run.
 */
public final class KeycloakDistribution {

    public static String version() {
        return Cache.buildProperty("keycloak.version");
    }

    public static Path zip() {
        String explicit = System.getProperty("doppel.keycloak.zip", System.getenv("DOPPEL_KEYCLOAK_ZIP"));
        Path zip = explicit != null && !explicit.isBlank() ? Path.of(explicit) : Path.of(Cache.buildProperty("keycloak.zip"));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak's distribution " + zip + " is missing. Fetch it with: ./mvnw -pl services/localstack "
                    + "dependency:get -Dartifact=org.keycloak:keycloak-quarkus-dist:" + version() + ":zip -Dtransitive=false");
        }
        return zip;
    }

    /** The Keycloak home (holding {@code bin/kc.sh}), unpacked if needed. */
    public static Path ensureUnpacked() {
        Path home = Cache.dir().resolve("keycloak-" + version());
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        return Cache.locked(Cache.dir().resolve("keycloak.lock"), () -> {
            if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                unpack(zip(), home);
            }
            return home;
        });
    }

    private static void unpack(Path zip, Path home) {
        Path staging = home.resolveSibling(home.getFileName() + ".unpacking");
        try {
            PostgresBinaries.deleteTree(staging);
            Files.createDirectories(staging);
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                var entries = archive.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    // Entries are keycloak-<version>/...: drop that first segment.
                    String name = entry.getName();
                    int slash = name.indexOf('/');
                    if (slash < 0 || slash == name.length() - 1) {
                        continue;
                    }
                    Path target = staging.resolve(name.substring(slash + 1)).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("archive entry escapes its directory: " + name);
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    if (target.getFileName().toString().endsWith(".sh")) {
                        target.toFile().setExecutable(true, false);
                    }
                }
            }
            PostgresBinaries.deleteTree(home);
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + zip + " into " + home, e);
        }
    }

    private KeycloakDistribution() {
    }
}
