package dev.patientportal.jpa.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The database behind an entity manager, from JDBC metadata, read once per {@link EntityManagerFactory}: which
 * vendor-specific SQL the outbox and the document listing may use.
 *
 * @param vendor the vendor
 * @param major the server's major version
 * @param minor the server's minor version
 */
public record SqlDialect(Vendor vendor, int major, int minor) {
    /** The vendors with SQL of their own; everything else gets the portable forms. */
    public enum Vendor {
        /** PostgreSQL. */
        POSTGRESQL,
        /** MariaDB. */
        MARIADB,
        /** MySQL. */
        MYSQL,
        /** H2. */
        H2,
        /** Anything else. */
        OTHER
    }

    // Weak keys: a factory that is closed and dropped takes its entry with it (tests open hundreds).
    private static final Map<EntityManagerFactory, SqlDialect> BY_FACTORY =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The dialect of the database the entity manager talks to; the first call per factory reads the metadata on the
     * entity manager's connection.
     *
     * @param em an entity manager inside a unit of work
     * @return the dialect
     */
    public static SqlDialect of(EntityManager em) {
        EntityManagerFactory factory = em.getEntityManagerFactory();
        SqlDialect known = BY_FACTORY.get(factory);
        if (known != null) {
            return known;
        }
        SqlDialect detected = em.<Connection, SqlDialect>callWithConnection(SqlDialect::detect);
        BY_FACTORY.put(factory, detected);
        return detected;
    }

    /**
     * Reads the dialect from a connection's metadata.
     *
     * @param c the connection
     * @return the dialect; {@link Vendor#OTHER} when the metadata cannot be read
     */
    public static SqlDialect detect(Connection c) {
        try {
            DatabaseMetaData md = c.getMetaData();
            String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
            String version = md.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
            Vendor vendor;
            if (product.contains("postgres")) {
                vendor = Vendor.POSTGRESQL;
            } else if (product.contains("mariadb") || version.contains("mariadb")) {
                vendor = Vendor.MARIADB;
            } else if (product.contains("mysql")) {
                vendor = Vendor.MYSQL;
            } else if (product.equals("h2")) {
                vendor = Vendor.H2;
            } else {
                vendor = Vendor.OTHER;
            }
            return new SqlDialect(vendor, md.getDatabaseMajorVersion(), md.getDatabaseMinorVersion());
        } catch (SQLException e) {
            return new SqlDialect(Vendor.OTHER, 0, 0);
        }
    }

    /**
     * Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} exists: PostgreSQL 9.5+, MariaDB 10.6+, MySQL 8+, H2 2.2+.
     *
     * @return whether it does
     */
    public boolean supportsSkipLocked() {
        return switch (vendor) {
            case POSTGRESQL -> major >= 10 || (major == 9 && minor >= 5);
            case MARIADB -> major > 10 || (major == 10 && minor >= 6);
            case MYSQL -> major >= 8;
            case H2 -> major > 2 || (major == 2 && minor >= 2);
            case OTHER -> false;
        };
    }

    /**
     * Whether an {@code UPDATE} can return the rows it changed ({@code UPDATE ... RETURNING}): PostgreSQL. MariaDB has
     * {@code RETURNING} on {@code INSERT} and {@code DELETE} only; H2 has data change delta tables, which cannot hold a
     * locking subquery.
     *
     * @return whether it can
     */
    public boolean supportsUpdateReturning() {
        return vendor == Vendor.POSTGRESQL;
    }

    /**
     * Whether the row-value comparison {@code (a, b) < (?, ?)} is an index condition (PostgreSQL reads it as one range
     * of a B-tree). MariaDB and H2 accept the syntax but evaluate it row by row, so the listing writes an equivalent
     * there.
     *
     * @return whether it is
     */
    public boolean rowValueComparisonUsesIndex() {
        return vendor == Vendor.POSTGRESQL;
    }
}
