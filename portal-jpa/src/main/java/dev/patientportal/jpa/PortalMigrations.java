package dev.patientportal.jpa;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The portal's schema: SQL migrations in Flyway's layout, shipped in this jar under
 * {@code db/portal-migration/<vendor>/} ({@code V1__core.sql}, {@code V2__auth.sql}, {@code V3__notify.sql}).
 *
 * <p>Run them with a Flyway instance of their own, so their versions never mix with the host's migrations:
 *
 * <pre>{@code
 * PortalMigrations.migrate(dataSource);          // needs org.flywaydb:flyway-core (+ flyway-database-postgresql or
 *                                                // flyway-mysql) on the class path
 * // or, with the host's own Flyway setup:
 * Flyway.configure().dataSource(dataSource)
 *         .locations(PortalMigrations.location(PortalMigrations.Vendor.POSTGRESQL))
 *         .table(PortalMigrations.HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0")
 *         .load().migrate();
 * }</pre>
 *
 * <p>Spring Boot's {@code {vendor}} placeholder matches the folder names for PostgreSQL, MariaDB and H2
 * ({@code classpath:db/portal-migration/{vendor}}); MySQL 8 uses the {@code mariadb} folder.
 *
 * <p><b>Threads:</b> stateless; migrate once at start-up, before the portal serves requests. Flyway takes a database
 * lock, so nodes that start together migrate once.
 */
public final class PortalMigrations {
    /** The folder under which each vendor's scripts lie, on the class path. */
    public static final String BASE_LOCATION = "db/portal-migration";

    /** The Flyway history table the portal's migrations use, apart from the host's own. */
    public static final String HISTORY_TABLE = "portal_schema_history";

    /** The databases the scripts are written for. */
    public enum Vendor {
        /** PostgreSQL 12 or later. */
        POSTGRESQL("postgresql"),
        /** MariaDB 10.6 or later; also MySQL 8. */
        MARIADB("mariadb"),
        /** H2 2.2 or later, for tests and embedded use. */
        H2("h2");

        private final String folder;

        Vendor(String folder) {
            this.folder = folder;
        }

        /**
         * Returns the folder name under {@link #BASE_LOCATION}.
         *
         * @return for example {@code "postgresql"}
         */
        public String folder() {
            return folder;
        }
    }

    private PortalMigrations() {}

    /**
     * Returns the Flyway location of a vendor's scripts.
     *
     * @param vendor the database
     * @return for example {@code "classpath:db/portal-migration/postgresql"}
     */
    public static String location(Vendor vendor) {
        return "classpath:" + BASE_LOCATION + "/" + vendor.folder();
    }

    /**
     * Tells which scripts fit a database, from its JDBC metadata.
     *
     * @param dataSource the database
     * @return the vendor
     * @throws IllegalArgumentException when the database is none of the supported ones
     * @throws IllegalStateException when the database cannot be reached
     */
    public static Vendor detect(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
            String version = md.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return Vendor.POSTGRESQL;
            }
            if (product.contains("mariadb") || product.contains("mysql") || version.contains("mariadb")) {
                return Vendor.MARIADB;
            }
            if (product.equals("h2")) {
                return Vendor.H2;
            }
            throw new IllegalArgumentException("No portal migrations for this database product");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the database's metadata", e);
        }
    }

    /**
     * Applies the portal's pending migrations with Flyway, into the data source's default schema, recording them in
     * {@link #HISTORY_TABLE}. A schema that already holds the host's tables is fine (baseline at version 0).
     *
     * @param dataSource the database
     * @return how many migrations were applied
     * @throws IllegalStateException when Flyway is not on the class path
     */
    public static int migrate(DataSource dataSource) {
        return migrate(dataSource, detect(dataSource));
    }

    /**
     * Applies the portal's pending migrations for a given vendor with Flyway.
     *
     * @param dataSource the database
     * @param vendor which scripts to run
     * @return how many migrations were applied
     * @throws IllegalStateException when Flyway is not on the class path
     */
    public static int migrate(DataSource dataSource, Vendor vendor) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(vendor, "vendor");
        try {
            Class.forName("org.flywaydb.core.Flyway", false, PortalMigrations.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "PortalMigrations.migrate needs org.flywaydb:flyway-core on the class path", e);
        }
        return dev.patientportal.jpa.internal.FlywayMigrator.migrate(dataSource, location(vendor), HISTORY_TABLE);
    }
}
