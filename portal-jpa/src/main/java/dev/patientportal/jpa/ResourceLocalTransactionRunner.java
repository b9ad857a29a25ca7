package dev.patientportal.jpa;

import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.Exceptions;
import dev.patientportal.jpa.spi.CommitHook;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work in resource-local JPA transactions, for hosts without a container (and for the examples and
 * tests). It is also the {@link EntityManagerProvider} of the stores: each unit of work binds one
 * {@link EntityManager} to the calling thread, so every store call inside it shares that entity manager and its
 * transaction.
 *
 * <pre>{@code
 * ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(emf);
 * JpaStores stores = JpaStores.create(tx);
 * PatientPortal portal = PatientPortal.builder().stores(stores).transactions(tx) ... .build();
 * }</pre>
 *
 * <p><b>Semantics:</b> the outermost {@link #inTransaction} on a thread creates an entity manager, begins, runs the
 * work, commits, and closes the entity manager. A nested call on the same thread joins the outer unit of work (like
 * Spring's {@code REQUIRED}): it neither begins nor commits. When the work throws, the transaction is rolled back and
 * the exception is rethrown unchanged (a failed rollback is added to it as suppressed). A failure to commit is
 * reported as {@link dev.patientportal.core.ConflictException} (a constraint, lock or serialization conflict found at
 * commit) or {@link TemporaryFailureException} (anything else, including a transaction the provider had marked
 * rollback-only).
 *
 * <p>{@link #inNewTransaction} runs its work in a unit of work of its own (like Spring's {@code REQUIRES_NEW}), even on
 * a thread where one is running: the outer entity manager is set aside, a new one with its own transaction (and its
 * own connection) runs the work and commits on return, then the outer one is restored. Login counts its attempts this
 * way, so a counted failure stays committed when the caller's transaction rolls back.
 *
 * <p>It is also a {@link CommitHook}: {@link #afterCommit} runs an action once the unit of work on the calling thread
 * has committed, which is how {@link OutboxNotifier} wakes this node's dispatchers without waiting for their poll.
 *
 * <p><b>Threads:</b> thread-safe; units of work on different threads are independent. A unit of work belongs to the
 * thread that started it: do not hand its entity manager to other threads.
 */
public final class ResourceLocalTransactionRunner implements TransactionRunner, EntityManagerProvider, CommitHook {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceLocalTransactionRunner.class);

    private final EntityManagerFactory entityManagerFactory;
    // Per runner, not static: two runners (two databases) on one thread have separate units of work.
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<Unit> current = new ThreadLocal<>();

    /** One running unit of work: its entity manager and what to run once it has committed. */
    private static final class Unit {
        final EntityManager em;

        @Nullable
        Set<Runnable> afterCommit;

        Unit(EntityManager em) {
            this.em = em;
        }
    }

    private ResourceLocalTransactionRunner(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = Objects.requireNonNull(entityManagerFactory, "entityManagerFactory");
    }

    /**
     * Creates a runner.
     *
     * @param entityManagerFactory a factory of a {@code RESOURCE_LOCAL} persistence unit that manages
     *     {@link JpaStores#entityClasses()}
     * @return the runner
     */
    public static ResourceLocalTransactionRunner create(EntityManagerFactory entityManagerFactory) {
        return new ResourceLocalTransactionRunner(entityManagerFactory);
    }

    /**
     * Runs work as one unit: in a new transaction, or in the one already running on this thread.
     *
     * @param work the work
     * @param <T> its result type
     * @return the work's result
     * @throws dev.patientportal.core.ConflictException when the commit fails on a constraint, lock or serialization
     *     conflict
     * @throws TemporaryFailureException when the transaction cannot begin or commit for another reason
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        if (current.get() != null) {
            return work.get();
        }
        return runFresh(work);
    }

    /**
     * Runs work in a unit of work of its own that commits on return, whether or not one is running on this thread
     * (Spring's {@code REQUIRES_NEW}). A unit of work already running here is suspended meanwhile: the work does not
     * see its uncommitted changes, and store calls inside the work (and {@code inTransaction} calls nested in it) use
     * the new entity manager. When the work returns, its transaction commits and the outer unit of work is restored,
     * unaffected; whatever the outer one does later (even roll back) leaves the inner commit standing. When the work
     * throws, only the inner transaction rolls back.
     *
     * <p>The inner unit of work takes a second connection while the outer one holds its own, so size the pool for it;
     * and it must not wait for a row lock the suspended outer transaction holds (it would wait for itself until the lock
     * timeout).
     *
     * @param work the work
     * @param <T> its result type
     * @return the work's result
     * @throws dev.patientportal.core.ConflictException when the inner commit fails on a constraint, lock or
     *     serialization conflict
     * @throws TemporaryFailureException when the inner transaction cannot begin or commit for another reason
     */
    @Override
    public <T> T inNewTransaction(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        Unit outer = current.get();
        if (outer == null) {
            return runFresh(work);
        }
        current.remove();
        try {
            return runFresh(work);
        } finally {
            current.set(outer);
        }
    }

    /**
     * Opens an entity manager, begins, runs the work bound to this thread, commits (or rolls back), closes, and then
     * runs the unit's after-commit actions.
     */
    private <T> T runFresh(Supplier<T> work) {
        EntityManager em;
        EntityTransaction tx;
        try {
            em = entityManagerFactory.createEntityManager();
        } catch (PersistenceException e) {
            throw new TemporaryFailureException("Could not open a persistence context", e);
        }
        Unit unit = new Unit(em);
        T result;
        try {
            tx = em.getTransaction();
            try {
                tx.begin();
            } catch (PersistenceException e) {
                throw new TemporaryFailureException("Could not begin a transaction", e);
            }
            current.set(unit);
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                rollbackQuietly(tx, e);
                throw e;
            }
            if (tx.getRollbackOnly()) {
                rollbackQuietly(tx, null);
                throw new TemporaryFailureException(
                        "The unit of work was marked for rollback and has been rolled back");
            }
            try {
                tx.commit();
            } catch (PersistenceException e) {
                throw Exceptions.translate("Committing the unit of work", e);
            }
        } finally {
            current.remove();
            em.close();
        }
        // Outside the unit, so an action that starts a unit of work of its own gets a fresh one.
        Set<Runnable> actions = unit.afterCommit;
        if (actions != null) {
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn(
                            "An after-commit action failed; the unit of work stays committed: {}",
                            Exceptions.describe(e));
                }
            }
        }
        return result;
    }

    /**
     * Runs an action once the unit of work on this thread has committed (after its entity manager is closed, outside
     * any unit of work), and never if it rolls back. Inside {@link #inNewTransaction} the action belongs to the inner
     * unit and runs when that commits. The same action registered twice in one unit runs once. An action that throws
     * is logged; the commit stands.
     *
     * @param action what to run after the commit
     * @throws IllegalStateException when no unit of work of this runner is running on this thread
     */
    @Override
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        Unit unit = current.get();
        if (unit == null) {
            throw new IllegalStateException("No unit of work on this thread to run an action after");
        }
        if (unit.afterCommit == null) {
            unit.afterCommit = new LinkedHashSet<>();
        }
        unit.afterCommit.add(action);
    }

    /**
     * Returns the entity manager of the unit of work running on this thread.
     *
     * @return the entity manager; its transaction is active
     * @throws IllegalStateException when no unit of work of this runner is running on this thread
     */
    @Override
    public EntityManager currentEntityManager() {
        Unit unit = current.get();
        if (unit == null) {
            throw new IllegalStateException(
                    "No unit of work on this thread: call the portal, or the store, inside inTransaction(..)");
        }
        return unit.em;
    }

    /**
     * Tells whether a unit of work of this runner is running on the calling thread.
     *
     * @return {@code true} inside {@link #inTransaction}
     */
    public boolean inUnitOfWork() {
        return current.get() != null;
    }

    /**
     * Returns the factory this runner opens entity managers from.
     *
     * @return the factory
     */
    public EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    private static void rollbackQuietly(EntityTransaction tx, @Nullable Throwable cause) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException rollbackFailure) {
            if (cause != null) {
                cause.addSuppressed(rollbackFailure);
            }
        }
    }
}
