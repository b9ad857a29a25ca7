package dev.patientportal.jpa.testing;

import dev.patientportal.jpa.JpaAuthStores;
import dev.patientportal.jpa.JpaNotifyStores;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.jpa.PortalMigrations;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;

/**
 * A schema (PostgreSQL), database (MariaDB) or in-memory database (H2) of its own, with a random name, migrated by
 * Flyway with the shipped scripts; {@link #openEntityManagerFactory} starts Hibernate with {@code validate}, so schema
 * and mappings cannot drift. {@link #close()} closes every factory it opened and drops the schema.
 */
public final class TestDatabase implements AutoCloseable {
    private final DatabaseKind kind;
    private final String name;
    private final String url;
    private final List<EntityManagerFactory> factories = new ArrayList<>();

    private TestDatabase(DatabaseKind kind, String name, String url) {
        this.kind = kind;
        this.name = name;
        this.url = url;
    }

    /**
     * Creates and migrates a fresh schema. Call {@link Databases#assumeAvailable} first.
     *
     * @param kind the database
     * @return the schema, migrated
     */
    public static TestDatabase create(DatabaseKind kind) {
        return create(kind, null);
    }

    /**
     * Creates a fresh schema migrated up to a version, to put data in as an older release left it before
     * {@link #migrate()} applies the rest. Call {@link Databases#assumeAvailable} first.
     *
     * @param kind the database
     * @param targetVersion the last migration to apply, for example {@code "3"}, or {@code null} for all
     * @return the schema
     */
    public static TestDatabase create(DatabaseKind kind, @org.jspecify.annotations.Nullable String targetVersion) {
        String name =
                "portal_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = switch (kind) {
            case H2 -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> DatabaseKind.POSTGRESQL.serverUrl() + "?currentSchema=" + name;
            case MARIADB -> DatabaseKind.MARIADB.serverUrl() + name;
        };
        try (Connection c = DriverManager.getConnection(kind.adminUrl(), kind.user(), kind.password());
                Statement s = c.createStatement()) {
            switch (kind) {
                case H2 -> {
                    /* the URL creates it */
                }
                case POSTGRESQL -> s.execute("CREATE SCHEMA " + name);
                case MARIADB -> s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test schema on " + kind, e);
        }
        TestDatabase db = new TestDatabase(kind, name, url);
        try {
            if (targetVersion == null) {
                PortalMigrations.migrate(db.dataSource());
            } else {
                org.flywaydb.core.Flyway.configure()
                        .dataSource(db.dataSource())
                        .locations(PortalMigrations.location(PortalMigrations.detect(db.dataSource())))
                        .table(PortalMigrations.HISTORY_TABLE)
                        .target(targetVersion)
                        .load()
                        .migrate();
            }
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * Applies every pending migration.
     *
     * @return how many ran
     */
    public int migrate() {
        return PortalMigrations.migrate(dataSource());
    }

    /**
     * Returns the database kind.
     *
     * @return the kind
     */
    public DatabaseKind kind() {
        return kind;
    }

    /**
     * Returns the JDBC URL of this schema.
     *
     * @return the URL
     */
    public String url() {
        return url;
    }

    /**
     * Returns a non-pooled data source on this schema.
     *
     * @return the data source
     */
    public DataSource dataSource() {
        return switch (kind) {
            case H2 -> {
                org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
                ds.setURL(url);
                ds.setUser(kind.user());
                ds.setPassword(kind.password());
                yield ds;
            }
            case POSTGRESQL -> {
                org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
                ds.setURL(url);
                ds.setUser(kind.user());
                ds.setPassword(kind.password());
                yield ds;
            }
            case MARIADB -> {
                try {
                    org.mariadb.jdbc.MariaDbDataSource ds = new org.mariadb.jdbc.MariaDbDataSource(url);
                    ds.setUser(kind.user());
                    ds.setPassword(kind.password());
                    yield ds;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /**
     * Opens a Hibernate entity manager factory on this schema that validates the mappings against it at start.
     *
     * @param poolSize connections in Hibernate's built-in pool
     * @return the factory, closed by {@link #close()}
     */
    public synchronized EntityManagerFactory openEntityManagerFactory(int poolSize) {
        HibernatePersistenceConfiguration cfg = new HibernatePersistenceConfiguration("portal-test-" + name)
                .managedClasses(entityClasses())
                .jdbcUrl(url)
                .jdbcCredentials(kind.user(), kind.password())
                .jdbcPoolSize(poolSize)
                .schemaToolingAction(Action.VALIDATE)
                .property("hibernate.connection.pool_validation_interval", "3600");
        if (kind == DatabaseKind.POSTGRESQL) {
            cfg.defaultSchema(name);
        }
        EntityManagerFactory emf = cfg.createEntityManagerFactory();
        factories.add(emf);
        return emf;
    }

    /** Every entity of portal-jpa: core, auth and notify stores. */
    private static List<Class<?>> entityClasses() {
        List<Class<?>> all = new ArrayList<>(JpaStores.entityClasses());
        all.addAll(JpaAuthStores.entityClasses());
        all.addAll(JpaNotifyStores.entityClasses());
        return all;
    }

    /** Runs one SQL statement on this schema, for test set-up. */
    public void execute(String sql) {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (EntityManagerFactory emf : factories) {
            try {
                emf.close();
            } catch (RuntimeException e) {
                // closing the others and dropping the schema matters more
            }
        }
        factories.clear();
        String drop = switch (kind) {
            case H2 -> null;
            case POSTGRESQL -> "DROP SCHEMA IF EXISTS " + name + " CASCADE";
            case MARIADB -> "DROP DATABASE IF EXISTS " + name;
        };
        try {
            if (drop == null) {
                try (Connection c = DriverManager.getConnection(url, kind.user(), kind.password());
                        Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            } else {
                try (Connection c = DriverManager.getConnection(kind.adminUrl(), kind.user(), kind.password());
                        Statement s = c.createStatement()) {
                    s.execute(drop);
                }
            }
        } catch (SQLException e) {
            System.err.println("Could not drop test schema " + name + " on "
                    + kind.name().toLowerCase(Locale.ROOT) + ": " + e.getSQLState());
        }
    }

    @Override
    public String toString() {
        return kind + ":" + name;
    }
}
