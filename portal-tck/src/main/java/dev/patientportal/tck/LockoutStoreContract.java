package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.testkit.Race;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract of {@link LockoutStore}: failures count up atomically per key and reset to nothing. */
public abstract class LockoutStoreContract extends SpiContract<LockoutStore> {
    /** For subclasses. */
    protected LockoutStoreContract() {}

    private LockoutStore store() {
        return underTest();
    }

    @Nested
    @DisplayName("counting")
    class Counting {
        @Test
        @DisplayName("failures count up per key, keeping the latest failure time")
        void failuresCountUp() {
            String key = Fresh.id(32);
            String other = Fresh.id(32);
            Instant t0 = Fresh.now();
            assertThat(inUnitOfWork(() -> store().find(key))).isEmpty();
            assertThat(inUnitOfWork(() -> store().recordFailure(key, t0))).isEqualTo(new FailureRecord(1, t0));
            assertThat(inUnitOfWork(() -> store().recordFailure(key, t0.plusSeconds(5))))
                    .isEqualTo(new FailureRecord(2, t0.plusSeconds(5)));
            assertThat(inUnitOfWork(() -> store().recordFailure(key, t0.plusSeconds(1))))
                    .isEqualTo(new FailureRecord(3, t0.plusSeconds(5)));
            assertThat(inUnitOfWork(() -> store().find(key))).contains(new FailureRecord(3, t0.plusSeconds(5)));
            assertThat(inUnitOfWork(() -> store().find(other))).isEmpty();
        }

        @Test
        @DisplayName("reset forgets the failures; the next one counts from 1")
        void resetForgets() {
            String key = Fresh.id(32);
            Instant t0 = Fresh.now();
            inUnitOfWork(() -> store().recordFailure(key, t0));
            inUnitOfWork(() -> store().recordFailure(key, t0));
            inUnitOfWork(() -> store().reset(key));
            assertThat(inUnitOfWork(() -> store().find(key))).isEmpty();
            assertThat(inUnitOfWork(() -> store().recordFailure(key, t0)).consecutiveFailures())
                    .isEqualTo(1);
            inUnitOfWork(() -> store().reset(Fresh.id(32)));
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("100 threads failing at once: counts 1 to 100, each once")
        void parallelFailuresAreCountedExactly() {
            String key = Fresh.id(32);
            Instant t0 = Fresh.now();
            List<Integer> counts = Fresh.resultsOf(Race.run(
                    100,
                    i -> () ->
                            inUnitOfWork(() -> store().recordFailure(key, t0)).consecutiveFailures()));
            assertThat(counts)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.rangeClosed(1, 100).boxed().toList());
            assertThat(inUnitOfWork(() -> store().find(key)).orElseThrow().consecutiveFailures())
                    .isEqualTo(100);
        }
    }
}
