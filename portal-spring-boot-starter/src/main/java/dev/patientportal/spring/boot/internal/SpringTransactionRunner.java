package dev.patientportal.spring.boot.internal;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.TransactionRunner;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The portal's units of work as Spring transactions on the application's transaction manager:
 * {@link #inTransaction} is {@code PROPAGATION_REQUIRED} (it joins a caller's {@code @Transactional}, or starts one),
 * {@link #inNewTransaction} is {@code PROPAGATION_REQUIRES_NEW} (it suspends the caller's and commits on its own).
 *
 * <p>What the work throws is rethrown unchanged, after the rollback. A failed commit is reported as core's
 * {@link ConflictException} (a constraint, lock or serialization conflict) or {@link TemporaryFailureException}
 * (anything else, a transaction marked rollback-only included), as {@code ResourceLocalTransactionRunner} does.
 *
 * <p>Thread-safe.
 */
public final class SpringTransactionRunner implements TransactionRunner {
    private final TransactionTemplate joining;
    private final TransactionTemplate independent;

    /**
     * Runs on a transaction manager.
     *
     * @param transactions the application's transaction manager
     */
    public SpringTransactionRunner(PlatformTransactionManager transactions) {
        Objects.requireNonNull(transactions, "transactions");
        this.joining = new TransactionTemplate(transactions);
        this.joining.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.independent = new TransactionTemplate(transactions);
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return run(joining, work);
    }

    @Override
    public <T> T inNewTransaction(Supplier<T> work) {
        return run(independent, work);
    }

    @SuppressWarnings("NullAway") // returns what the work returned, null included
    private static <T> T run(TransactionTemplate template, Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        Outcome<T> outcome = new Outcome<>();
        try {
            template.executeWithoutResult(status -> {
                outcome.result = work.get();
                outcome.returned = true;
            });
        } catch (RuntimeException e) {
            if (!outcome.returned) {
                throw e; // the work's own exception, rolled back
            }
            throw commitFailed(e);
        }
        return outcome.result;
    }

    private static RuntimeException commitFailed(RuntimeException e) {
        if (e instanceof ConcurrencyFailureException || e instanceof DataIntegrityViolationException) {
            return new ConflictException("The unit of work conflicted with another one at commit", e);
        }
        return new TemporaryFailureException("The unit of work could not be committed", e);
    }

    /** What the work gave back, and whether it returned at all. */
    private static final class Outcome<T> {
        @Nullable
        T result;

        boolean returned;
    }
}
