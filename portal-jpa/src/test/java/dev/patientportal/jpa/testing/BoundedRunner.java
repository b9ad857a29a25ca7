package dev.patientportal.jpa.testing;

import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link ResourceLocalTransactionRunner} that lets at most {@code permits} outermost units of work run at once, the
 * others waiting: what a real connection pool (HikariCP) does when it is exhausted. Hibernate's built-in pool fails
 * instead of waiting, which 200 racing threads would hit. Units of work nested in a running one (joined, or new ones)
 * take no permit, so the pool needs some headroom above {@code permits}.
 */
public final class BoundedRunner implements TransactionRunner, EntityManagerProvider {
    private final ResourceLocalTransactionRunner delegate;
    private final Semaphore permits;

    /**
     * Wraps a runner.
     *
     * @param delegate the runner
     * @param permits how many outermost units of work may run at once
     */
    public BoundedRunner(ResourceLocalTransactionRunner delegate, int permits) {
        this.delegate = delegate;
        this.permits = new Semaphore(permits, true);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return delegate.inUnitOfWork() ? delegate.inTransaction(work) : bounded(() -> delegate.inTransaction(work));
    }

    @Override
    public <T> T inNewTransaction(Supplier<T> work) {
        return delegate.inUnitOfWork() ? delegate.inNewTransaction(work) : bounded(() -> delegate.inTransaction(work));
    }

    @Override
    public EntityManager currentEntityManager() {
        return delegate.currentEntityManager();
    }

    /**
     * Returns the wrapped runner.
     *
     * @return the runner
     */
    public ResourceLocalTransactionRunner delegate() {
        return delegate;
    }

    private <T> T bounded(Supplier<T> work) {
        try {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new TemporaryFailureException("No connection within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporaryFailureException("Interrupted waiting for a connection");
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
