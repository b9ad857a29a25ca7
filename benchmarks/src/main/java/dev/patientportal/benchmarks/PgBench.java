package dev.patientportal.benchmarks;

import dev.patientportal.jpa.JpaAuthStores;
import dev.patientportal.jpa.JpaNotifyStores;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.jpa.PortalMigrations;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own on the PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}, trust auth),
 * migrated by the portal's Flyway migrations, with Hibernate on it; {@link #close()} drops the schema. Override the
 * server with {@code -Dbench.pg.url=jdbc:postgresql://host:port/db}.
 */
final class PgBench implements AutoCloseable {
    static final String SERVER = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("bench.pg.user", "postgres");

    final String schema;
    final String url;
    final DataSource dataSource;
    private final List<EntityManagerFactory> factories = new ArrayList<>();

    private PgBench(String schema) {
        this.schema = schema;
        this.url = SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser(USER);
        this.dataSource = pg;
    }

    /**
     * Creates and migrates a fresh schema.
     *
     * @param prefix the start of the schema's name
     * @return the database
     */
    static PgBench create(String prefix) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        String schema =
                prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(SERVER, USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + ": " + e.getMessage(), e);
        }
        PgBench db = new PgBench(schema);
        PortalMigrations.migrate(db.dataSource);
        return db;
    }

    /** A new connection to the schema. */
    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs statements in one transaction ({@code VACUUM} alone, outside any). */
    void execute(String... sql) {
        try (Connection c = connect()) {
            c.setAutoCommit(sql.length == 1 && sql[0].startsWith("VACUUM"));
            try (Statement s = c.createStatement()) {
                for (String q : sql) {
                    s.execute(q);
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query, as a long. */
    long queryLong(String sql) {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Hibernate on the schema, with every entity of the portal's stores: a node. Closed with the database.
     *
     * @param name the persistence unit's name
     * @param poolSize Hibernate's own connection pool
     * @param dataSource where connections come from (a counting wrapper, or {@link #dataSource}); {@code null} for
     *     Hibernate's pool on {@link #url}
     */
    EntityManagerFactory factory(String name, int poolSize, @org.jspecify.annotations.Nullable DataSource dataSource) {
        List<Class<?>> entities = new ArrayList<>(JpaStores.entityClasses());
        entities.addAll(JpaAuthStores.entityClasses());
        entities.addAll(JpaNotifyStores.entityClasses());
        HibernatePersistenceConfiguration cfg = new HibernatePersistenceConfiguration(name)
                .managedClasses(entities)
                .schemaToolingAction(Action.VALIDATE)
                .defaultSchema(schema);
        if (dataSource != null) {
            cfg.property("hibernate.connection.datasource", dataSource);
        } else {
            cfg.jdbcUrl(url).jdbcCredentials(USER, "").jdbcPoolSize(poolSize);
        }
        EntityManagerFactory emf = cfg.createEntityManagerFactory();
        factories.add(emf);
        return emf;
    }

    @Override
    public void close() {
        for (EntityManagerFactory f : factories) {
            if (f.isOpen()) {
                f.close();
            }
        }
        try (Connection c = DriverManager.getConnection(SERVER, USER, "");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
