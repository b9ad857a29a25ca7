package dev.patientportal.jpa.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which databases the tests run on. H2 always; PostgreSQL and MariaDB when reachable. When
 * {@code PORTAL_REQUIRE_DATABASES=true} (CI), an unreachable server fails the tests instead of skipping them; otherwise
 * one log line per server says the tests fall back to H2.
 */
public final class Databases {
    private static final Logger LOG = LoggerFactory.getLogger(Databases.class);
    private static final Map<DatabaseKind, Boolean> REACHABLE = new EnumMap<>(DatabaseKind.class);

    private Databases() {}

    /**
     * Whether CI demands the real databases.
     *
     * @return {@code true} when {@code PORTAL_REQUIRE_DATABASES} is {@code true}
     */
    public static boolean required() {
        String env = System.getenv("PORTAL_REQUIRE_DATABASES");
        String prop = System.getProperty("portal.requireDatabases");
        return "true".equalsIgnoreCase(env) || "true".equalsIgnoreCase(prop);
    }

    /**
     * Makes the calling test run only if the database is there: aborts it (skipped) when unreachable and not required,
     * fails it when unreachable and required.
     *
     * @param kind the database
     */
    public static void assumeAvailable(DatabaseKind kind) {
        if (kind == DatabaseKind.H2) {
            return;
        }
        if (reachable(kind)) {
            return;
        }
        if (required()) {
            throw new AssertionError(
                    "PORTAL_REQUIRE_DATABASES=true but " + kind.label() + " is not reachable at " + kind.serverUrl());
        }
        Assumptions.abort(kind.label() + " not reachable; this test runs on H2 only");
    }

    /**
     * Whether a server answers, checked once per run; logs the fallback once.
     *
     * @param kind the database
     * @return whether it is reachable
     */
    public static synchronized boolean reachable(DatabaseKind kind) {
        return REACHABLE.computeIfAbsent(kind, k -> {
            if (k == DatabaseKind.H2) {
                return true;
            }
            try (Connection c = DriverManager.getConnection(k.adminUrl(), k.user(), k.password())) {
                return c.isValid(3);
            } catch (SQLException e) {
                if (!required()) {
                    LOG.warn(
                            "{} is not reachable at {} (SQLSTATE {}): its tests are skipped and portal-jpa is tested"
                                    + " on H2 only; set PORTAL_REQUIRE_DATABASES=true to fail instead",
                            k.label(),
                            k.serverUrl(),
                            e.getSQLState());
                }
                return false;
            }
        });
    }
}
