package dev.patientportal.tck.inmemory;

import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.tck.TransactionRunnerContract;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;

/** The direct runner passes what a runner without rollback can: result, exception and commit on return. */
@DisplayName("TransactionRunner.direct() passes the TransactionRunner contract (without rollback)")
class DirectTransactionRunnerTest extends TransactionRunnerContract {
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    @Override
    protected TransactionRunner subject() {
        return TransactionRunner.direct();
    }

    @Override
    protected void writeMarker(String marker) {
        written.add(marker);
    }

    @Override
    protected boolean isCommitted(String marker) {
        return written.contains(marker);
    }

    @Override
    protected boolean supportsRollback() {
        return false;
    }
}
