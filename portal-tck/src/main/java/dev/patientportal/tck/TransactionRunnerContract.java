package dev.patientportal.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.spi.TransactionRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TransactionRunner} must do: return the work's result, rethrow its exception unchanged, commit on
 * return, roll back on an exception, let nested calls join, let {@link TransactionRunner#inNewTransaction} commit on its
 * own, and keep the units of parallel threads apart.
 *
 * <p>A subclass gives the runner and two probes on a transactional resource: one that writes a marker inside the
 * current unit of work, and one that tells whether a marker is committed. A runner without rollback (the direct runner)
 * answers {@code false} to {@link #supportsRollback()} and skips the tests that need it.
 */
public abstract class TransactionRunnerContract {
    /** For subclasses. */
    protected TransactionRunnerContract() {}

    /**
     * Returns the runner under test.
     *
     * @return the runner
     */
    protected abstract TransactionRunner runner();

    /**
     * Writes a marker through the resource, inside the unit of work the runner opened on this thread.
     *
     * @param marker a fresh, unique marker (at most 40 letters, digits and dashes)
     */
    protected abstract void writeMarker(String marker);

    /**
     * Tells whether a marker is committed, reading outside any unit of work of the caller.
     *
     * @param marker the marker
     * @return {@code true} when committed
     */
    protected abstract boolean isCommitted(String marker);

    /**
     * Tells whether the runner rolls back; {@code true} by default.
     *
     * @return {@code false} for runners without transactions
     */
    protected boolean supportsRollback() {
        return true;
    }

    private static String marker() {
        return "m-" + UUID.randomUUID();
    }

    private static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom() {
            super("boom");
        }
    }

    @Test
    @DisplayName("returns the work's result and commits on return")
    void commitsOnReturn() {
        String m = marker();
        assertThat(runner().inTransaction(() -> {
            writeMarker(m);
            return 42;
        })).isEqualTo(42);
        assertThat(isCommitted(m)).isTrue();
    }

    @Test
    @DisplayName("rethrows the work's exception unchanged, the same instance")
    void rethrowsUnchanged() {
        RuntimeException thrown = new ConflictException("test");
        assertThatThrownBy(() -> runner().inTransaction(() -> {
            throw thrown;
        })).isSameAs(thrown);
    }

    @Test
    @DisplayName("rolls back everything the work wrote when it throws")
    void rollsBackOnException() {
        assumeTrue(supportsRollback(), "the runner has no rollback");
        String m = marker();
        assertThatThrownBy(() -> runner().inTransaction(() -> {
            writeMarker(m);
            throw new Boom();
        })).isInstanceOf(Boom.class);
        assertThat(isCommitted(m)).isFalse();
    }

    @Test
    @DisplayName("a nested inTransaction joins the outer unit and rolls back with it")
    void nestedCallsJoin() {
        assumeTrue(supportsRollback(), "the runner has no rollback");
        String outer = marker();
        String inner = marker();
        assertThatThrownBy(() -> runner().inTransaction(() -> {
            writeMarker(outer);
            runner().inTransaction(() -> {
                writeMarker(inner);
                return null;
            });
            throw new Boom();
        })).isInstanceOf(Boom.class);
        assertThat(isCommitted(outer)).isFalse();
        assertThat(isCommitted(inner)).as("joined the outer unit").isFalse();
    }

    @Test
    @DisplayName("inNewTransaction commits on its own although the outer unit rolls back")
    void newTransactionSurvivesOuterRollback() {
        assumeTrue(supportsRollback(), "the runner has no rollback");
        String outer = marker();
        String independent = marker();
        assertThatThrownBy(() -> runner().inTransaction(() -> {
            writeMarker(outer);
            runner().inNewTransaction(() -> {
                writeMarker(independent);
                return null;
            });
            throw new Boom();
        })).isInstanceOf(Boom.class);
        assertThat(isCommitted(independent)).isTrue();
        assertThat(isCommitted(outer)).isFalse();
    }

    @Test
    @DisplayName("the units of parallel threads are independent: each commits or rolls back alone")
    void parallelUnitsAreIndependent() throws Exception {
        assumeTrue(supportsRollback(), "the runner has no rollback");
        int threads = 8;
        List<String> markers = new ArrayList<>();
        List<Callable<Void>> work = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String m = marker();
            boolean fail = i % 2 == 1;
            markers.add(m);
            work.add(() -> {
                try {
                    runner().inTransaction(() -> {
                        writeMarker(m);
                        if (fail) {
                            throw new Boom();
                        }
                        return null;
                    });
                } catch (Boom expected) {
                    // this thread's unit rolled back
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> f : pool.invokeAll(work, 1, TimeUnit.MINUTES)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < threads; i++) {
            assertThat(isCommitted(markers.get(i))).as("thread %d", i).isEqualTo(i % 2 == 0);
        }
    }
}
