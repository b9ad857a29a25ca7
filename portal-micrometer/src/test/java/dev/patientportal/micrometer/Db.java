package dev.patientportal.micrometer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The databases these tests run on, as portal-jpa's tests pick them: H2 always; PostgreSQL (127.0.0.1:5432, database
 * {@code test}, user postgres) and MariaDB (127.0.0.1:3306, root) when reachable, each test in a schema of its own.
 * With {@code PORTAL_REQUIRE_DATABASES=true} (CI) an unreachable server fails the test instead of skipping it.
 */
enum Db {
    H2,
    POSTGRESQL,
    MARIADB;

    /** A fresh, empty schema; {@link #close()} drops it. */
    final class Schema implements AutoCloseable {
        final String name;
        final DataSource dataSource;

        Schema(String name, DataSource dataSource) {
            this.name = name;
            this.dataSource = dataSource;
        }

        @Override
        public void close() throws SQLException {
            if (Db.this == H2) {
                try (Connection c = dataSource.getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                return;
            }
            try (Connection c = DriverManager.getConnection(adminUrl(), user(), "");
                    Statement s = c.createStatement()) {
                s.execute(Db.this == POSTGRESQL ? "DROP SCHEMA " + name + " CASCADE" : "DROP DATABASE " + name);
            }
        }
    }

    private String adminUrl() {
        return this == POSTGRESQL
                ? "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=3"
                : "jdbc:mariadb://127.0.0.1:3306/test?connectTimeout=3000";
    }

    private String user() {
        return this == POSTGRESQL ? "postgres" : "root";
    }

    /** Creates a fresh schema, or skips (fails under CI) when the server is not reachable. */
    Schema open() throws SQLException {
        String name =
                "portal_mm_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (this == H2) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            return new Schema(name, ds);
        }
        try (Connection c = DriverManager.getConnection(adminUrl(), user(), "");
                Statement s = c.createStatement()) {
            s.execute(
                    this == POSTGRESQL
                            ? "CREATE SCHEMA " + name
                            : "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            String env = System.getenv("PORTAL_REQUIRE_DATABASES");
            if ("true".equalsIgnoreCase(env)
                    || "true".equalsIgnoreCase(System.getProperty("portal.requireDatabases"))) {
                throw new AssertionError("PORTAL_REQUIRE_DATABASES=true but " + this + " is not reachable", e);
            }
            Assumptions.abort(this + " not reachable (SQLSTATE " + e.getSQLState() + "); this test runs on H2 only");
        }
        if (this == POSTGRESQL) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + name);
            ds.setUser("postgres");
            return new Schema(name, ds);
        }
        MariaDbDataSource ds = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/" + name);
        ds.setUser("root");
        ds.setPassword("");
        return new Schema(name, ds);
    }
}
