package dev.patientportal.auth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.LockoutStore;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract of {@link LockoutStore}: failures count up atomically per key and reset to nothing. */
public abstract class LockoutStoreContract extends StoreContractSupport {
    /** For subclasses. */
    protected LockoutStoreContract() {}

    /**
     * The store under test; may be shared between tests, since every test uses fresh keys.
     *
     * @return the store
     */
    protected abstract LockoutStore store();

    @Test
    @DisplayName("failures count up per key, keeping the latest failure time")
    void failuresCountUp() {
        String key = randomId(32);
        String other = randomId(32);
        Instant t0 = now();
        assertThat(tx(() -> store().find(key))).isEmpty();
        assertThat(tx(() -> store().recordFailure(key, t0))).isEqualTo(new FailureRecord(1, t0));
        assertThat(tx(() -> store().recordFailure(key, t0.plusSeconds(5)))).isEqualTo(
                new FailureRecord(2, t0.plusSeconds(5)));
        assertThat(tx(() -> store().recordFailure(key, t0.plusSeconds(1)))).isEqualTo(
                new FailureRecord(3, t0.plusSeconds(5)));
        assertThat(tx(() -> store().find(key))).contains(new FailureRecord(3, t0.plusSeconds(5)));
        assertThat(tx(() -> store().find(other))).isEmpty();
    }

    @Test
    @DisplayName("reset forgets the failures; the next one counts from 1")
    void resetForgets() {
        String key = randomId(32);
        Instant t0 = now();
        tx(() -> store().recordFailure(key, t0));
        tx(() -> store().recordFailure(key, t0));
        run(() -> store().reset(key));
        assertThat(tx(() -> store().find(key))).isEmpty();
        assertThat(tx(() -> store().recordFailure(key, t0)).consecutiveFailures()).isEqualTo(1);
        run(() -> store().reset(randomId(32)));
    }

    @Test
    @DisplayName("100 threads failing at once: counts 1 to 100, each once")
    void parallelFailuresAreCountedExactly() throws Exception {
        String key = randomId(32);
        Instant t0 = now();
        List<Integer> counts = race(100, i -> tx(() -> store().recordFailure(key, t0)).consecutiveFailures());
        assertThat(counts).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
        assertThat(tx(() -> store().find(key)).orElseThrow().consecutiveFailures()).isEqualTo(100);
    }
}
