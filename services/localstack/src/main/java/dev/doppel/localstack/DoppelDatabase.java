package dev.doppel.localstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The platform's database and role, created idempotently. Each service keeps its tables in a schema of
 * its own inside this one database. The credentials are development defaults, for the local stack and
 * tests only.
 */
public final class DoppelDatabase {
    public static final String DATABASE = "doppel";
    public static final String USER = "doppel";
    public static final String PASSWORD = "doppel";

    /** Creates the role and the database it owns unless they exist; needs a superuser connection. */
    public static void ensure(Connection superuser) throws SQLException {
        if (!exists(superuser, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
            try (Statement statement = superuser.createStatement()) {
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
        }
        if (!exists(superuser, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
            try (Statement statement = superuser.createStatement()) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private DoppelDatabase() {
    }
}
