package dev.patientportal.jpa.testing;

import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import jakarta.persistence.EntityManagerFactory;
import java.util.Objects;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class (and its nested classes) one migrated schema on one database, shared by every class that asks
 * for the same database in this run and dropped when the run ends. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final DatabaseExtension DB = new DatabaseExtension(DatabaseKind.MARIADB);}</pre>
 *
 * <p>For stores whose tests use fresh ids and tolerate other data (the contracts); tests that need the tables to
 * themselves (the outbox) create a {@link TestDatabase} of their own.
 */
public final class DatabaseExtension implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DatabaseExtension.class);

    private final DatabaseKind kind;
    private volatile Shared shared;

    /**
     * Creates the extension.
     *
     * @param kind the database
     */
    public DatabaseExtension(DatabaseKind kind) {
        this.kind = kind;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Databases.assumeAvailable(kind);
        shared = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(kind, k -> new Shared(TestDatabase.create(kind)), Shared.class);
    }

    /**
     * Returns the runner on the shared schema.
     *
     * @return the runner
     */
    public ResourceLocalTransactionRunner runner() {
        return Objects.requireNonNull(shared, "beforeAll has not run").runner;
    }

    /**
     * Returns the runner on the shared schema, with at most 12 units of work at once, the others waiting: for races of
     * more threads than the pool has connections.
     *
     * @return the runner
     */
    public BoundedRunner boundedRunner() {
        return Objects.requireNonNull(shared, "beforeAll has not run").bounded;
    }

    /**
     * Returns the shared schema.
     *
     * @return the schema
     */
    public TestDatabase database() {
        return Objects.requireNonNull(shared, "beforeAll has not run").database;
    }

    /** The database kind. @return the kind */
    public DatabaseKind kind() {
        return kind;
    }

    /** One schema and one factory for the run; closed by JUnit at the end of the run. */
    static final class Shared implements AutoCloseable {
        final TestDatabase database;
        final EntityManagerFactory emf;
        final ResourceLocalTransactionRunner runner;
        final BoundedRunner bounded;

        Shared(TestDatabase database) {
            this.database = database;
            this.emf = database.openEntityManagerFactory(24);
            this.runner = ResourceLocalTransactionRunner.create(emf);
            this.bounded = new BoundedRunner(runner, 12);
        }

        @Override
        public void close() {
            database.close();
        }
    }
}
