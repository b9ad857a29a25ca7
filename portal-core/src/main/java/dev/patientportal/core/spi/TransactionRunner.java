package dev.patientportal.core.spi;

import java.util.function.Supplier;

/**
 * Says how one unit of work runs: inside the host's transaction (Spring's {@code TransactionTemplate}, JTA), a
 * resource-local transaction ({@code portal-jpa} provides one), or directly. The portal starts no transactions of its
 * own; every store call of an operation, and its notification intents, happen inside one call of {@link #inTransaction}.
 *
 * <p>A runner must roll back when the work throws, and rethrow the exception unchanged.
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
     * A runner that runs the work directly, for stores that need no transaction (in-memory, or already inside the
     * host's transaction for the whole request).
     *
     * @return the runner
     */
    static TransactionRunner direct() {
        return new TransactionRunner() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return work.get();
            }
        };
    }
}
