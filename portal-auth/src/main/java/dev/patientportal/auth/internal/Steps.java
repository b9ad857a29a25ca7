package dev.patientportal.auth.internal;

import dev.patientportal.core.spi.TransactionRunner;
import java.util.function.Supplier;

/**
 * Runs each store call of login in a unit of work of its own, through {@link TransactionRunner#inNewTransaction}, which
 * commits before login acts on its answer, even inside a host transaction: a counted failure must never roll back.
 */
final class Steps {
    private final TransactionRunner tx;

    Steps(TransactionRunner tx) {
        this.tx = tx;
    }

    <T> T call(Supplier<T> work) {
        return tx.inNewTransaction(work);
    }

    void run(Runnable work) {
        tx.useNewTransaction(work);
    }

    /** Joins the caller's unit of work when there is one, and makes one when there is not. */
    <T> T joining(Supplier<T> work) {
        return tx.inTransaction(work);
    }
}
