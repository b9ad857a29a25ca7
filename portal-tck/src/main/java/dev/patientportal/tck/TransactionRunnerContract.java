package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.testkit.Race;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TransactionRunner} must do: return the work's result, rethrow its exception unchanged, commit on
 * return, roll back on an exception, let nested calls join, let {@link TransactionRunner#inNewTransaction} commit on
 * its own, the same for the {@code void} forms {@link TransactionRunner#useTransaction} and
 * {@link TransactionRunner#useNewTransaction}, and keep the units of parallel threads apart.
 *
 * <p>The subject is the runner. A subclass also gives two probes on a transactional resource: one that writes a marker
 * inside the current unit of work, and one that tells whether a marker is committed. A runner without rollback (the
 * direct runner) answers {@code false} to {@link #supportsRollback()} and skips the tests that need it.
 */
public abstract class TransactionRunnerContract extends SpiContract<TransactionRunner> {
    /** For subclasses. */
    protected TransactionRunnerContract() {}

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

    private TransactionRunner runner() {
        return underTest();
    }

    private static String marker() {
        return "m-" + UUID.randomUUID();
    }

    private void assumeRollback() {
        assumeTrue(supportsRollback(), "the runner has no rollback");
    }

    private static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom() {
            super("boom");
        }
    }

    @Nested
    @DisplayName("inTransaction")
    class InTransaction {
        @Test
        @DisplayName("returns the work's result and commits on return")
        void commitsOnReturn() {
            String m = marker();
            assertThat(runner().inTransaction(() -> {
                        writeMarker(m);
                        return 42;
                    }))
                    .isEqualTo(42);
            assertThat(isCommitted(m)).isTrue();
        }

        @Test
        @DisplayName("rethrows the work's exception unchanged, the same instance")
        void rethrowsUnchanged() {
            RuntimeException thrown = new ConflictException("test");
            assertThatThrownBy(() -> runner().inTransaction(() -> {
                        throw thrown;
                    }))
                    .isSameAs(thrown);
        }

        @Test
        @DisplayName("rolls back everything the work wrote when it throws")
        void rollsBackOnException() {
            assumeRollback();
            String m = marker();
            assertThatThrownBy(() -> runner().inTransaction(() -> {
                        writeMarker(m);
                        throw new Boom();
                    }))
                    .isInstanceOf(Boom.class);
            assertThat(isCommitted(m)).isFalse();
        }

        @Test
        @DisplayName("a nested inTransaction joins the outer unit and rolls back with it")
        void nestedCallsJoin() {
            assumeRollback();
            String outer = marker();
            String inner = marker();
            assertThatThrownBy(() -> runner().inTransaction(() -> {
                        writeMarker(outer);
                        runner().inTransaction(() -> {
                            writeMarker(inner);
                            return null;
                        });
                        throw new Boom();
                    }))
                    .isInstanceOf(Boom.class);
            assertThat(isCommitted(outer)).isFalse();
            assertThat(isCommitted(inner)).as("joined the outer unit").isFalse();
        }
    }

    @Nested
    @DisplayName("inNewTransaction")
    class InNewTransaction {
        @Test
        @DisplayName("inNewTransaction commits on its own although the outer unit rolls back")
        void newTransactionSurvivesOuterRollback() {
            assumeRollback();
            String outer = marker();
            String independent = marker();
            assertThatThrownBy(() -> runner().inTransaction(() -> {
                        writeMarker(outer);
                        runner().inNewTransaction(() -> {
                            writeMarker(independent);
                            return null;
                        });
                        throw new Boom();
                    }))
                    .isInstanceOf(Boom.class);
            assertThat(isCommitted(independent)).isTrue();
            assertThat(isCommitted(outer)).isFalse();
        }
    }

    @Nested
    @DisplayName("useTransaction")
    class UseTransaction {
        @Test
        @DisplayName("useTransaction commits on return")
        void useTransaction_commitsOnReturn() {
            String m = marker();
            runner().useTransaction(() -> writeMarker(m));
            assertThat(isCommitted(m)).isTrue();
        }

        @Test
        @DisplayName("useTransaction rethrows the work's exception unchanged, the same instance")
        void useTransaction_rethrowsUnchanged() {
            RuntimeException thrown = new ConflictException("test");
            assertThatThrownBy(() -> runner().useTransaction(() -> {
                        throw thrown;
                    }))
                    .isSameAs(thrown);
        }

        @Test
        @DisplayName("useTransaction rolls back everything the work wrote when it throws")
        void useTransaction_rollsBackOnException() {
            assumeRollback();
            String m = marker();
            Boom thrown = new Boom();
            assertThatThrownBy(() -> runner().useTransaction(() -> {
                        writeMarker(m);
                        throw thrown;
                    }))
                    .isSameAs(thrown);
            assertThat(isCommitted(m)).isFalse();
        }

        @Test
        @DisplayName("a useTransaction inside another joins the outer unit and rolls back with it")
        void useTransaction_nestedJoins() {
            assumeRollback();
            String outer = marker();
            String inner = marker();
            assertThatThrownBy(() -> runner().useTransaction(() -> {
                        writeMarker(outer);
                        runner().useTransaction(() -> writeMarker(inner));
                        throw new Boom();
                    }))
                    .isInstanceOf(Boom.class);
            assertThat(isCommitted(outer)).isFalse();
            assertThat(isCommitted(inner)).as("joined the outer unit").isFalse();
        }
    }

    @Nested
    @DisplayName("useNewTransaction")
    class UseNewTransaction {
        @Test
        @DisplayName("useNewTransaction commits on return")
        void useNewTransaction_commitsOnReturn() {
            String m = marker();
            runner().useNewTransaction(() -> writeMarker(m));
            assertThat(isCommitted(m)).isTrue();
        }

        @Test
        @DisplayName("useNewTransaction rethrows the work's exception unchanged, the same instance")
        void useNewTransaction_rethrowsUnchanged() {
            RuntimeException thrown = new ConflictException("test");
            assertThatThrownBy(() -> runner().useNewTransaction(() -> {
                        throw thrown;
                    }))
                    .isSameAs(thrown);
        }

        @Test
        @DisplayName("useNewTransaction rolls back its own work when it throws, and the outer unit still commits")
        void useNewTransaction_rollsBackOnException() {
            assumeRollback();
            String outer = marker();
            String inner = marker();
            Boom thrown = new Boom();
            runner().useTransaction(() -> {
                writeMarker(outer);
                assertThatThrownBy(() -> runner().useNewTransaction(() -> {
                            writeMarker(inner);
                            throw thrown;
                        }))
                        .isSameAs(thrown);
            });
            assertThat(isCommitted(inner)).isFalse();
            assertThat(isCommitted(outer)).isTrue();
        }

        @Test
        @DisplayName("useNewTransaction commits on its own although the outer unit rolls back")
        void useNewTransaction_survivesOuterRollback() {
            assumeRollback();
            String outer = marker();
            String independent = marker();
            assertThatThrownBy(() -> runner().useTransaction(() -> {
                        writeMarker(outer);
                        runner().useNewTransaction(() -> writeMarker(independent));
                        throw new Boom();
                    }))
                    .isInstanceOf(Boom.class);
            assertThat(isCommitted(independent)).isTrue();
            assertThat(isCommitted(outer)).isFalse();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("the units of parallel threads are independent: each commits or rolls back alone")
        void parallelUnitsAreIndependent() {
            assumeRollback();
            int threads = 8;
            List<String> markers =
                    IntStream.range(0, threads).mapToObj(i -> marker()).toList();

            List<Race.Outcome<Boolean>> outcomes = Race.run(
                    threads,
                    i -> () -> runner().inTransaction(() -> {
                        writeMarker(markers.get(i));
                        if (i % 2 == 1) {
                            throw new Boom();
                        }
                        return true;
                    }));

            for (int i = 0; i < threads; i++) {
                Race.Outcome<Boolean> o = outcomes.get(i);
                if (i % 2 == 0) {
                    assertThat(o.failure()).as("thread %d", i).isNull();
                } else {
                    assertThat(o.failure()).as("thread %d", i).isInstanceOf(Boom.class);
                }
                assertThat(isCommitted(markers.get(i))).as("thread %d", i).isEqualTo(i % 2 == 0);
            }
        }
    }
}
