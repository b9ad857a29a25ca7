package dev.patientportal.core.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Says how one unit of work runs: inside the host's transaction (Spring's {@code TransactionTemplate}, JTA), a
 * resource-local transaction ({@code portal-jpa} provides one), or directly. The portal starts no transactions of its
 * own; every store call of an operation, and its notification intents, happen inside one call of {@link #inTransaction}.
 *
 * <p>A runner must roll back when the work throws, and rethrow the exception unchanged.
 *
 * <p><b>Threads.</b> Called on the caller's thread, from many threads at once; a runner binds the unit of work to the
 * calling thread (as Spring and JTA do), so the stores called inside {@code work} on that thread join it. Work must not
 * hand store calls to other threads.
 */
@FunctionalInterface
public interface TransactionRunner {
    /**
     * Runs work as one unit.
     *
     * @param work the work
     * @param <T> its result type
     * @return the work's result
     */
    <T> T inTransaction(Supplier<T> work);

    /**
     * Runs work as a unit of its own that commits on return even when the caller's unit later rolls back (Spring's
     * {@code REQUIRES_NEW}). The portal uses it for what must survive a failed operation: the audit event of a refused
     * action, and login's attempt counters. The default runs {@link #inTransaction}, which is right for runners that
     * never nest (the direct runner, or one whose {@code inTransaction} always starts a fresh unit); a runner that joins
     * an outer unit must override it.
     *
     * @param work the work
     * @param <T> its result type
     * @return the work's result
     */
    default <T> T inNewTransaction(Supplier<T> work) {
        return inTransaction(work);
    }

    /**
     * Runs work that returns nothing as one unit: {@link #inTransaction(Supplier)} without the {@code return null;}
     * (Jdbi's {@code useTransaction} beside {@code inTransaction}).
     *
     * @param work the work
     */
    default void useTransaction(Runnable work) {
        Objects.requireNonNull(work, "work");
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs work that returns nothing as a unit of its own: {@link #inNewTransaction(Supplier)} without the
     * {@code return null;}.
     *
     * @param work the work
     */
    default void useNewTransaction(Runnable work) {
        Objects.requireNonNull(work, "work");
        inNewTransaction(() -> {
            work.run();
            return null;
        });
    }

    /**
     * A runner that runs the work directly, for stores that need no transaction (in-memory, or already inside the
     * host's transaction for the whole request).
     *
     * @return the runner
     */
    static TransactionRunner direct() {
        return DirectTransactionRunner.INSTANCE;
    }
}
