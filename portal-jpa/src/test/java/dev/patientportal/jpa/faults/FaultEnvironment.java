package dev.patientportal.jpa.faults;

import dev.patientportal.jpa.testing.Databases;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * What the fault suite is allowed to do, from environment variables that {@code .ci/run} sets. The suite runs only when
 * {@value #SWITCH}{@code =true}, so a user's own {@code mvn verify} never touches their database server; under
 * {@code PORTAL_REQUIRE_DATABASES=true} (CI) a missing PostgreSQL or restart command fails the suite instead of
 * skipping it.
 *
 * <ul>
 *   <li>{@value #SWITCH}: {@code true} to run the suite;
 *   <li>{@value #URL}: the PostgreSQL database the suite makes its schemas in, default {@value #DEFAULT_URL} (user
 *       {@code postgres}, trust authentication, as the other database tests);
 *   <li>{@value #RESTART}: a shell command that restarts that server and returns once it accepts connections again, for
 *       example {@code pg_ctlcluster --skip-systemctl-redirect 15 main restart}.
 * </ul>
 */
final class FaultEnvironment {
    /** The switch; the value the test classes' {@code @EnabledIfEnvironmentVariable} asks for is {@code true}. */
    static final String SWITCH = "PORTAL_FAULTS";

    static final String URL = "PORTAL_FAULTS_PG_URL";
    static final String RESTART = "PORTAL_PG_RESTART_CMD";
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private FaultEnvironment() {}

    /** The database URL, without parameters of the suite's own. */
    static String url() {
        String url = System.getenv(URL);
        return url == null || url.isBlank() ? DEFAULT_URL : url.trim();
    }

    /** The URL with one more query parameter. */
    static String url(String parameter) {
        String base = url();
        return base + (base.contains("?") ? "&" : "?") + parameter;
    }

    /** Aborts (skipped) the calling test when PostgreSQL does not answer, or fails it when the databases are required. */
    static void requirePostgres() {
        try (Connection c = DriverManager.getConnection(url("connectTimeout=3"), USER, "")) {
            if (c.isValid(3)) {
                return;
            }
        } catch (SQLException e) {
            unavailable("PostgreSQL is not reachable at " + url() + " (SQLSTATE " + e.getSQLState() + ")");
        }
        unavailable("PostgreSQL at " + url() + " does not answer");
    }

    /** The restart command; aborts or fails the calling test when there is none. */
    static String requireRestartCommand() {
        String command = System.getenv(RESTART);
        if (command == null || command.isBlank()) {
            unavailable(RESTART + " is not set: the suite restarts PostgreSQL only with the command it is given");
        }
        return command;
    }

    private static void unavailable(String why) {
        if (Databases.required()) {
            throw new AssertionError(SWITCH + "=true and PORTAL_REQUIRE_DATABASES=true, but " + why);
        }
        Assumptions.abort(why);
    }

    /**
     * Runs the restart command and waits until the server accepts connections again.
     *
     * @param command the shell command
     * @return when the command was started and when a new connection first succeeded
     */
    static Outage restartPostgres(String command) throws IOException, InterruptedException {
        File output = Files.createTempFile("portal-faults-restart", ".log").toFile();
        Instant start = Instant.now();
        Process p = new ProcessBuilder("sh", "-c", command)
                .redirectErrorStream(true)
                .redirectOutput(output)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("The restart command did not finish within 120 s: " + command);
        }
        String log = Files.readString(output.toPath());
        Files.deleteIfExists(output.toPath());
        if (p.exitValue() != 0) {
            throw new AssertionError(
                    "The restart command failed (exit " + p.exitValue() + "): " + command + "\n" + log);
        }
        Instant ready = awaitConnection(Duration.ofSeconds(60));
        return new Outage(start, ready);
    }

    private static Instant awaitConnection(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        @Nullable SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(url("connectTimeout=2"), USER, "")) {
                if (c.isValid(2)) {
                    return Instant.now();
                }
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("PostgreSQL did not come back within " + patience
                + (last == null ? "" : " (SQLSTATE " + last.getSQLState() + ")"));
    }

    /** Where the figures of a run are written, beside the build's other reports. */
    static Path figuresFile() {
        return Path.of("target", "fault-figures.md");
    }

    /**
     * A window in which a dependency was down.
     *
     * @param start when the fault began (the restart command started, the server stopped)
     * @param end when the dependency answered again
     */
    record Outage(Instant start, Instant end) {
        Duration length() {
            return Duration.between(start, end);
        }
    }
}
