package dev.patientportal.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter: the delay after attempt {@code n} is {@code min(max, initial * 2^(n-1))}, and
 * {@link #jittered} picks uniformly between half of that and all of it, so that clients failing together do not retry
 * together. One implementation serves the notifier's direct retries ({@link RetryPolicy#delays()}) and
 * {@code portal-jpa}'s outbox dispatcher.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1));
 * backoff.delay(3);                                    // 40 s
 * backoff.jittered(3, ThreadLocalRandom.current());    // between 20 s and 40 s
 * }</pre>
 *
 * @param initial the delay after the first attempt; zero means no waiting at all
 * @param max the longest delay
 */
public record Backoff(Duration initial, Duration max) {
    /**
     * Checks the delays.
     *
     * @param initial the delay after the first attempt; zero means no waiting at all
     * @param max the longest delay
     * @throws IllegalArgumentException when a delay is negative or {@code initial} exceeds {@code max}
     */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.isNegative() || initial.compareTo(max) > 0) {
            throw new IllegalArgumentException("a back-off needs 0 <= initial <= max");
        }
    }

    /**
     * Returns the delay after an attempt, without jitter: {@code min(max, initial * 2^(attempt-1))}.
     *
     * @param attempt the attempt that just failed, from 1
     * @return the delay, between {@code initial} and {@code max}
     * @throws IllegalArgumentException when {@code attempt} is below 1
     */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        if (initial.isZero()) {
            return Duration.ZERO;
        }
        Duration half = max.dividedBy(2);
        Duration delay = initial;
        // Doubling stops at the cap, so this loops at most about 94 times whatever the attempt, and never overflows.
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.compareTo(half) > 0 ? max : delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /**
     * Returns the delay after an attempt with jitter: uniformly random between half of {@link #delay(int)} and all of
     * it, both included.
     *
     * @param attempt the attempt that just failed, from 1
     * @param random where the jitter comes from, for example {@code ThreadLocalRandom.current()}
     * @return the delay
     * @throws IllegalArgumentException when {@code attempt} is below 1
     */
    public Duration jittered(int attempt, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        Duration delay = delay(attempt);
        Duration half = delay.dividedBy(2);
        long span = saturatedNanos(delay.minus(half));
        return half.plusNanos(span == Long.MAX_VALUE ? random.nextLong(span) : random.nextLong(span + 1));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // over 292 years: the last nanosecond of jitter does not matter
        }
    }
}
