package dev.patientportal.auth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.spi.RateLimitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract of {@link RateLimitStore}: buckets count up atomically and independently. */
public abstract class RateLimitStoreContract extends StoreContractSupport {
    /** For subclasses. */
    protected RateLimitStoreContract() {}

    /**
     * The store under test; may be shared between tests, since every test uses fresh buckets.
     *
     * @return the store
     */
    protected abstract RateLimitStore store();

    @Test
    @DisplayName("a bucket counts 1, 2, 3 and another bucket counts on its own")
    void bucketsCountIndependently() {
        String a = "phone:" + randomId(32) + ":h:1";
        String b = "phone:" + randomId(32) + ":h:1";
        Instant end = now().plus(Duration.ofHours(1));
        assertThat(tx(() -> store().increment(a, end))).isEqualTo(1);
        assertThat(tx(() -> store().increment(a, end))).isEqualTo(2);
        assertThat(tx(() -> store().increment(b, end))).isEqualTo(1);
        assertThat(tx(() -> store().increment(a, end))).isEqualTo(3);
    }

    @Test
    @DisplayName("a bucket name of 200 characters is accepted")
    void longBucketNames() {
        String name = ("institution:" + "x".repeat(200)).substring(0, 178) + randomId(16);
        assertThat(name).hasSize(200);
        assertThat(tx(() -> store().increment(name, now()))).isEqualTo(1);
    }

    @Test
    @DisplayName("100 threads counting at once: counts 1 to 100, each once")
    void parallelIncrementsAreExact() throws Exception {
        String bucket = "client:" + randomId(32) + ":d:1";
        Instant end = now().plus(Duration.ofDays(1));
        List<Long> counts = race(100, i -> tx(() -> store().increment(bucket, end)));
        assertThat(counts).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
    }
}
