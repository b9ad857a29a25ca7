package dev.patientportal.tck;

import dev.patientportal.core.spi.TransactionRunner;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every contract in this kit, so that all of them are extended the same way: {@link #subject()} makes the
 * implementation under test, {@link #transactions()} says how a unit of work runs, and the contract runs each call to
 * the subject through {@link #inUnitOfWork(Supplier)}.
 *
 * <pre>{@code
 * class MyGrantStoreTest extends AccessGrantStoreContract {
 *     @Override protected AccessGrantStore subject() { return new MyGrantStore(dataSource); }
 *     @Override protected TransactionRunner transactions() { return myTransactions; }
 * }
 * }</pre>
 *
 * <p>JUnit creates one instance per test, and for a test of a nested suite one of each enclosing class too, so nothing
 * leaks from one test to the next through the contract's fields.
 *
 * @param <S> the SPI under test
 */
public abstract class SpiContract<S> {
    private @Nullable S subject;

    /** For the contracts of this kit. */
    protected SpiContract() {}

    /**
     * Makes the implementation under test. The contract calls it once before each test and uses what it returns for
     * the whole test. It may return one instance shared by every test, holding other tests' data, as a database does:
     * the contracts use fresh ids and never expect an empty store.
     *
     * @return the implementation under test
     */
    protected abstract S subject();

    /**
     * Says how the contract's calls to the subject run. Override it when the subject needs a transaction (JPA); each
     * call then runs in a unit of work of its own, as the portal runs them.
     *
     * @return the runner, {@link TransactionRunner#direct()} by default
     */
    protected TransactionRunner transactions() {
        return TransactionRunner.direct();
    }

    /**
     * Runs work in one unit of work of {@link #transactions()}.
     *
     * @param work the work
     * @param <T> its result type
     * @return its result
     */
    protected final <T> T inUnitOfWork(Supplier<T> work) {
        return transactions().inTransaction(work);
    }

    /**
     * Runs work without a result in one unit of work of {@link #transactions()}.
     *
     * @param work the work
     */
    protected final void inUnitOfWork(Runnable work) {
        transactions().useTransaction(work);
    }

    /**
     * Returns what {@link #subject()} made for the current test.
     *
     * @return the implementation under test
     * @throws IllegalStateException when called before the test started (from a field initialiser)
     */
    protected final S underTest() {
        S s = subject;
        if (s == null) {
            throw new IllegalStateException("the subject is made before each test, not before");
        }
        return s;
    }

    @BeforeEach
    final void makeSubject() {
        subject = Objects.requireNonNull(subject(), "subject() returned null");
    }
}
