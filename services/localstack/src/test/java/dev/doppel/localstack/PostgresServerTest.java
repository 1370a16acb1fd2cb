package dev.doppel.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

    @TempDir
    Path dir;

    @Test
    void startsCreatesTheDoppelDatabaseAndKeepsDataAcrossRestarts() throws Exception {
        PostgresServer server = new PostgresServer(dir, Net.freePort());
        try {
            server.start(Duration.ofMinutes(2));
            assertTrue(server.isHealthy());
            try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id int)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
            long pid = server.process.running().orElseThrow().pid();

            server.start(Duration.ofMinutes(1)); // idempotent: the running server is left alone
            assertEquals(pid, server.process.running().orElseThrow().pid());

            assertTrue(server.stop());
            assertFalse(server.isRunning());
            assertFalse(server.isHealthy());

            server.start(Duration.ofMinutes(1));
            try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT id FROM kept")) {
                assertTrue(result.next());
                assertEquals(42, result.getInt(1));
            }
        } finally {
            server.stop();
        }
    }
}
