package dev.patientportal.core.spi;

import java.util.function.Supplier;

/** The runner of {@link TransactionRunner#direct()}: one instance, so builders can tell it apart. */
final class DirectTransactionRunner implements TransactionRunner {
    static final DirectTransactionRunner INSTANCE = new DirectTransactionRunner();

    private DirectTransactionRunner() {}

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }

    @Override
    public String toString() {
        return "TransactionRunner.direct()";
    }
}
