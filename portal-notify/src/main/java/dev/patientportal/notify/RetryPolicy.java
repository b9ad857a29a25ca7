package dev.patientportal.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long a send that may pass ({@link DeliveryResult.RetryLater}) is retried directly, before the
 * result is handed back: exponential back-off from {@code initialDelay}, doubled each time up to {@code maxDelay},
 * with random jitter (half of each delay is random; see {@link Backoff}). A provider's {@code Retry-After} is
 * honoured; when it asks for more than {@code maxDelay}, no direct retry is made. Durable retries over minutes and
 * hours are the outbox's job ({@code portal-jpa}); {@link #none()} makes no direct retry and never waits.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialDelay the delay before the second attempt
 * @param maxDelay the longest delay between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    /**
     * Checks the settings.
     *
     * @param maxAttempts attempts in all, at least 1 (1 means no retry)
     * @param initialDelay the delay before the second attempt
     * @param maxDelay the longest delay between two attempts
     * @throws IllegalArgumentException when attempts are below 1, a delay is negative or the initial delay exceeds the
     *     maximum
     */
    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1
                || initialDelay.isNegative()
                || maxDelay.isNegative()
                || initialDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 and 0 <= initialDelay <= maxDelay");
        }
    }

    /**
     * The default: 3 attempts, 200 ms, then 400 ms (with jitter), at most 2 s between attempts.
     *
     * @return the policy
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /**
     * One attempt, no retry: for an outbox that retries durably itself.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Returns the back-off between attempts: from {@code initialDelay}, doubled each time, at most {@code maxDelay}.
     *
     * @return the back-off
     */
    public Backoff delays() {
        return new Backoff(initialDelay, maxDelay);
    }

    /**
     * Returns the back-off delay before attempt {@code attempt + 1}, without jitter.
     *
     * @param attempt the attempt that just failed, from 1
     * @return the delay
     * @throws IllegalArgumentException when {@code attempt} is below 1
     */
    public Duration backoff(int attempt) {
        return delays().delay(attempt);
    }
}
