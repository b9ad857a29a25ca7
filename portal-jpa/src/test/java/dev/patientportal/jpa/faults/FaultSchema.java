package dev.patientportal.jpa.faults;

import dev.patientportal.jpa.JpaAuthStores;
import dev.patientportal.jpa.JpaNotifyStores;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.jpa.PortalMigrations;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own on the suite's PostgreSQL ({@link FaultEnvironment#url()}), migrated by Flyway with the shipped
 * scripts, and one Hibernate entity manager factory per simulated node. Unlike the harness's {@code TestDatabase} it
 * is not tied to 127.0.0.1:5432, so the suite can run against a second cluster that it may restart. {@link #close()}
 * closes the factories and drops the schema.
 */
final class FaultSchema implements AutoCloseable {
    private final String name =
            "portal_f_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final List<EntityManagerFactory> factories = new ArrayList<>();

    private FaultSchema() {}

    /** Creates and migrates a schema; call {@link FaultEnvironment#requirePostgres()} first. */
    static FaultSchema create() {
        FaultSchema schema = new FaultSchema();
        schema.admin("CREATE SCHEMA " + schema.name);
        try {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(schema.jdbcUrl());
            ds.setUser(FaultEnvironment.USER);
            ds.setPassword("");
            PortalMigrations.migrate(ds);
        } catch (RuntimeException e) {
            schema.close();
            throw e;
        }
        return schema;
    }

    /** The JDBC URL of this schema; a connection attempt gives up after 3 s, so an outage is seen quickly. */
    String jdbcUrl() {
        return FaultEnvironment.url("currentSchema=" + name + "&connectTimeout=3");
    }

    /**
     * Opens a node: an entity manager factory with Hibernate's built-in pool, validating the mappings, and its
     * resource-local runner.
     *
     * @param poolSize connections in the pool
     * @return the node's runner
     */
    synchronized ResourceLocalTransactionRunner node(int poolSize) {
        List<Class<?>> entities = new ArrayList<>(JpaStores.entityClasses());
        entities.addAll(JpaAuthStores.entityClasses());
        entities.addAll(JpaNotifyStores.entityClasses());
        EntityManagerFactory emf = new HibernatePersistenceConfiguration("portal-faults-" + name)
                .managedClasses(entities)
                .jdbcUrl(jdbcUrl())
                .jdbcCredentials(FaultEnvironment.USER, "")
                .jdbcPoolSize(poolSize)
                .schemaToolingAction(Action.VALIDATE)
                .defaultSchema(name)
                .createEntityManagerFactory();
        factories.add(emf);
        return ResourceLocalTransactionRunner.create(emf);
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection(
                        FaultEnvironment.url("connectTimeout=3"), FaultEnvironment.USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public synchronized void close() {
        for (EntityManagerFactory emf : factories) {
            try {
                emf.close();
            } catch (RuntimeException e) {
                // dropping the schema matters more
            }
        }
        factories.clear();
        try {
            admin("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (IllegalStateException e) {
            System.err.println("Could not drop fault schema " + name + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL:" + name;
    }
}
