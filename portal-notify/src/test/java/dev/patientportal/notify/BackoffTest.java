package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1));

    @Test
    @DisplayName("the delay starts at the initial one and doubles with each attempt")
    void doubles() {
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(backoff::delay))
                .containsExactly(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(40),
                        Duration.ofSeconds(80),
                        Duration.ofSeconds(160));
    }

    @Test
    @DisplayName("the delay never passes the cap, however many attempts were made")
    void capped() {
        assertThat(backoff.delay(9)).isEqualTo(Duration.ofSeconds(2560)); // 10 s * 2^8, under the hour
        assertThat(backoff.delay(10)).isEqualTo(Duration.ofHours(1)); // 10 s * 2^9 would pass it
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
        Backoff huge = new Backoff(Duration.ofNanos(1), Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(huge.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(huge.jittered(Integer.MAX_VALUE, new SplittableRandom(1)))
                .isBetween(Duration.ofSeconds(Long.MAX_VALUE).dividedBy(2), Duration.ofSeconds(Long.MAX_VALUE));
    }

    @Test
    @DisplayName("jitter stays between half the delay and all of it, reaches both ends and varies")
    void jitterRange() {
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 1; attempt <= 12; attempt++) {
            Duration delay = backoff.delay(attempt);
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.jittered(attempt, random)).isBetween(delay.dividedBy(2), delay);
            }
        }
        assertThat(IntStream.range(0, 50)
                        .mapToObj(i -> backoff.jittered(3, random))
                        .distinct()
                        .count())
                .isGreaterThan(40);
        assertThat(backoff.jittered(3, fixed(0))).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.jittered(3, fixed(Long.MAX_VALUE))).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    @DisplayName("a zero initial delay never waits")
    void zero() {
        Backoff none = RetryPolicy.none().delays();
        assertThat(none.delay(1)).isZero();
        assertThat(none.delay(1000)).isZero();
        assertThat(none.jittered(7, new SplittableRandom(3))).isZero();
    }

    @Test
    @DisplayName("a retry policy's back-off is the shared one")
    void retryPolicyUsesIt() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofMillis(700));
        assertThat(policy.delays()).isEqualTo(new Backoff(Duration.ofMillis(200), Duration.ofMillis(700)));
        assertThat(IntStream.rangeClosed(1, 4).mapToObj(policy::backoff))
                .containsExactly(
                        Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(700), Duration.ofMillis(700));
    }

    @Test
    @DisplayName("negative delays, an initial delay above the cap and attempts below 1 are programming errors")
    void rejects() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(null, Duration.ofSeconds(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> backoff.delay(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.jittered(0, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A generator whose bounded draws are always the lowest or the highest value allowed. */
    private static RandomGenerator fixed(long value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public long nextLong(long bound) {
                return value == 0 ? 0 : bound - 1;
            }
        };
    }
}
