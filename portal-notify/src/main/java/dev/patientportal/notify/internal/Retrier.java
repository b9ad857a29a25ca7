package dev.patientportal.notify.internal;

import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Direct retries with exponential back-off and jitter, honouring a provider's {@code Retry-After}. */
public final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /**
     * A result and how many attempts it took.
     *
     * @param result the last result
     * @param attempts attempts made
     */
    public record Attempted(DeliveryResult result, int attempts) {}

    private final RetryPolicy policy;

    /**
     * Creates a retrier.
     *
     * @param policy how often and how long to retry
     */
    public Retrier(RetryPolicy policy) {
        this.policy = policy;
    }

    /**
     * Sends until the result is final, the attempts are used up, or the provider asks to wait too long.
     *
     * @param send one attempt; a runtime exception counts as a result to retry
     * @return the last result
     */
    public Attempted run(Supplier<DeliveryResult> send) {
        int attempt = 0;
        while (true) {
            attempt++;
            DeliveryResult result = once(send);
            if (!(result instanceof DeliveryResult.RetryLater retry)) {
                return new Attempted(result, attempt);
            }
            Duration delay = delayAfter(attempt, retry.retryAfter());
            if (delay == null || !sleep(delay)) {
                return new Attempted(result, attempt);
            }
        }
    }

    /**
     * Returns the wait before the next attempt, or {@code null} when no further attempt should be made.
     *
     * @param attempt the attempt that just failed, from 1
     * @param retryAfter what the provider asked for, if anything
     * @return the delay, or {@code null}
     */
    public @Nullable Duration delayAfter(int attempt, @Nullable Duration retryAfter) {
        if (attempt >= policy.maxAttempts()) {
            return null;
        }
        if (retryAfter != null && retryAfter.compareTo(policy.maxDelay()) > 0) {
            return null; // the provider wants more patience than a direct retry has: leave it to the outbox
        }
        long base = policy.backoff(attempt).toNanos();
        long jittered = base / 2 + (base > 1 ? ThreadLocalRandom.current().nextLong(base / 2 + 1) : 0);
        Duration delay = Duration.ofNanos(jittered);
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }

    /**
     * Sleeps.
     *
     * @param delay how long
     * @return {@code false} when interrupted (the interrupt flag is restored)
     */
    public static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Makes one attempt; a channel that throws despite its contract yields a result to retry.
     *
     * @param send the attempt
     * @return its result
     */
    public static DeliveryResult once(Supplier<DeliveryResult> send) {
        try {
            return send.get();
        } catch (RuntimeException e) {
            LOG.warn("A notification channel threw {} instead of returning a result", e.getClass().getName());
            return DeliveryResult.retryLater(null, "channel-exception");
        }
    }
}
