package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract of {@link RateLimitStore}: buckets count up atomically and independently. */
public abstract class RateLimitStoreContract extends SpiContract<RateLimitStore> {
    /** For subclasses. */
    protected RateLimitStoreContract() {}

    private RateLimitStore store() {
        return underTest();
    }

    @Nested
    @DisplayName("counting")
    class Counting {
        @Test
        @DisplayName("a bucket counts 1, 2, 3 and another bucket counts on its own")
        void bucketsCountIndependently() {
            String a = "phone:" + Fresh.id(32) + ":h:1";
            String b = "phone:" + Fresh.id(32) + ":h:1";
            Instant end = Fresh.now().plus(Duration.ofHours(1));
            assertThat(inUnitOfWork(() -> store().increment(a, end))).isEqualTo(1);
            assertThat(inUnitOfWork(() -> store().increment(a, end))).isEqualTo(2);
            assertThat(inUnitOfWork(() -> store().increment(b, end))).isEqualTo(1);
            assertThat(inUnitOfWork(() -> store().increment(a, end))).isEqualTo(3);
        }

        @Test
        @DisplayName("a bucket name of 200 characters is accepted")
        void longBucketNames() {
            String name = ("institution:" + "x".repeat(200)).substring(0, 178) + Fresh.id(16);
            assertThat(name).hasSize(200);
            assertThat(inUnitOfWork(() -> store().increment(name, Fresh.now()))).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("100 threads counting at once: counts 1 to 100, each once")
        void parallelIncrementsAreExact() {
            String bucket = "client:" + Fresh.id(32) + ":d:1";
            Instant end = Fresh.now().plus(Duration.ofDays(1));
            List<Long> counts =
                    Fresh.resultsOf(Race.run(100, i -> () -> inUnitOfWork(() -> store().increment(bucket, end))));
            assertThat(counts)
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, 100).boxed().toList());
        }
    }
}
