package dev.doppel.testing;

import dev.doppel.localstack.DoppelDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A real PostgreSQL server (zonky's packaged binaries) on a random port with the platform's role and
 * database, the same ones the local stack creates. The server is tied to the test JVM and removed
 * with it.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static volatile EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            try (Connection connection = server.getPostgresDatabase().getConnection()) {
                DoppelDatabase.ensure(connection);
            }
            postgres = server;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not start PostgreSQL", e);
        }
        return Map.of(
                "quarkus.datasource.reactive.url", reactiveUrl(),
                "quarkus.datasource.username", DoppelDatabase.USER,
                "quarkus.datasource.password", DoppelDatabase.PASSWORD);
    }

    @Override
    public void stop() {
        EmbeddedPostgres server = postgres;
        postgres = null;
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code postgresql://localhost:PORT/doppel}, the form of {@code quarkus.datasource.reactive.url}. */
    public static String reactiveUrl() {
        return "postgresql://localhost:" + port() + "/" + DoppelDatabase.DATABASE;
    }

    /** {@code jdbc:postgresql://localhost:PORT/doppel}, for plain JDBC in tests. */
    public static String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DoppelDatabase.DATABASE;
    }

    public static int port() {
        EmbeddedPostgres server = postgres;
        if (server == null) {
            throw new IllegalStateException("PostgresResource is not started");
        }
        return server.getPort();
    }
}
