package dev.doppel.cli.auth;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The login that {@code bin/doppel login} saved, in {@code <data dir>/credentials.json}. The file holds bearer
 * tokens, so it is created owner-only (0600) from the start rather than narrowed after being written, and replaced
 * atomically so that a concurrent command never reads half a file.
 */
public final class TokenStore {
    public static final String FILE_NAME = "credentials.json";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public TokenStore(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public Optional<TokenSet> load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(TokenSet.fromJson(TokenSet.JSON.readTree(file.toFile())));
    }

    public void save(TokenSet tokens) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temporary);
        } catch (FileAlreadyExistsException raced) {
            throw new IOException("another doppel command is writing " + temporary + "; try again", raced);
        }
        Files.write(temporary, TokenSet.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tokens.toJson()));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public boolean delete() throws IOException {
        return Files.deleteIfExists(file);
    }
}
