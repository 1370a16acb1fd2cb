package dev.doppel.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server whose data directory persists under {@code dir/data}, running in the background
 * until {@link #stop()}. The superuser {@code postgres} gets a random password kept in
 * {@code dir/superuser-password}; the platform connects as {@link DoppelDatabase#USER}.
 */
public final class PostgresServer extends ProcessComponent {
    public static final int DEFAULT_PORT = 5433;

    private final int port;

    public PostgresServer(Path dir, int port) {
        super("postgres", dir);
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** The reactive (Vert.x) form, as the services read it from DOPPEL_DB_URL. */
    @Override
    public String url() {
        return "postgresql://localhost:" + port + "/" + DoppelDatabase.DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DoppelDatabase.DATABASE;
    }

    @Override
    public void launch() {
        if (isRunning()) {
            return;
        }
        requireFree(port);
        Path home = PostgresBinaries.ensureUnpacked();
        Path data = dir.resolve("data");
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            initdb(home, data);
        }
        process.launch(PostgresBinaries.asNonRoot(List.of(
                        home.resolve("bin/postgres").toString(),
                        "-D", data.toString(),
                        "-p", Integer.toString(port),
                        "-c", "listen_addresses=localhost",
                        // TCP only: socket paths are limited to ~100 characters and /var/run may not be writable.
                        "-c", "unix_socket_directories=")),
                Map.of(), dir);
    }

    @Override
    public boolean isHealthy() {
        if (!Net.isListening(port)) {
            return false;
        }
        try (Connection connection = connect("postgres", superuserPassword(), "postgres")) {
            return connection.isValid(2);
        } catch (SQLException | UncheckedIOException e) {
            return false;
        }
    }

    @Override
    protected void afterReady() {
        try (Connection connection = connect("postgres", superuserPassword(), "postgres")) {
            DoppelDatabase.ensure(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the doppel role and database: " + e.getMessage(), e);
        }
    }

    /** SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect. */
    @Override
    public boolean stop() {
        return process.stop("INT", Duration.ofSeconds(30));
    }

    /** A JDBC connection as the platform's role to the platform's database. */
    public Connection connect() throws SQLException {
        return connect(DoppelDatabase.USER, DoppelDatabase.PASSWORD, DoppelDatabase.DATABASE);
    }

    private Connection connect(String user, String password, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "2");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, properties);
    }

    private String superuserPassword() {
        try {
            return Files.readString(dir.resolve("superuser-password")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void initdb(Path home, Path data) {
        try {
            Files.createDirectories(dir);
            Path passwordFile = dir.resolve("superuser-password");
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            Files.writeString(passwordFile, HexFormat.of().formatHex(random) + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            Path staging = dir.resolve("data.initdb");
            PostgresBinaries.deleteTree(staging);
            Process initdb = new ProcessBuilder(PostgresBinaries.asNonRoot(List.of(
                    home.resolve("bin/initdb").toString(),
                    "-D", staging.toString(),
                    "-U", "postgres",
                    "--pwfile=" + passwordFile,
                    "-A", "scram-sha-256",
                    "-E", "UTF-8",
                    "--locale=C")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
                initdb.destroyForcibly();
                throw new IllegalStateException("initdb failed; end of " + logFile() + ":\n" + logTail());
            }
            // Only a complete cluster takes the real name, so an interrupted initdb is redone next time.
            Files.move(staging, data);
        } catch (IOException e) {
            throw new UncheckedIOException("initdb failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
