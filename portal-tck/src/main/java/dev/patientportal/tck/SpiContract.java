package dev.patientportal.testkit.contract;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.spi.TransactionRunner;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What every contract shares: how a store call runs (in a transaction or directly) and fresh ids, so that tests on a
 * shared database do not see each other's data.
 *
 * <p>Instances are created by JUnit, one per test method.
 */
public abstract class ContractSupport {
    /** For subclasses. */
    protected ContractSupport() {}

    /**
     * Says how each store call of the contract runs. Override for stores that need a transaction (JPA).
     *
     * @return the runner; {@link TransactionRunner#direct()} by default
     */
    protected TransactionRunner transactions() {
        return TransactionRunner.direct();
    }

    /**
     * Runs work in one unit of work of {@link #transactions()}.
     *
     * @param work the work
     * @param <T> its result type
     * @return the result
     */
    protected final <T> T inTx(Supplier<T> work) {
        return transactions().inTransaction(work);
    }

    /**
     * Runs work without a result in one unit of work of {@link #transactions()}.
     *
     * @param work the work
     */
    protected final void doInTx(Runnable work) {
        transactions().inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /**
     * A fresh institution id, {@code inst-<uuid>}.
     *
     * @return the id
     */
    protected static InstitutionId newInstitution() {
        return InstitutionId.of("inst-" + UUID.randomUUID());
    }

    /**
     * A fresh patient id, {@code pat-<uuid>}.
     *
     * @return the id
     */
    protected static PatientId newPatient() {
        return PatientId.of("pat-" + UUID.randomUUID());
    }
}
