package dev.patientportal.notify.internal;

import dev.patientportal.notify.Backoff;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct retries with the policy's {@link Backoff} and jitter, honouring a provider's {@code Retry-After}. The only
 * place in {@code portal-notify} that waits: with {@link RetryPolicy#none()} it never does.
 */
public final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** Waits between two attempts. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits.
         *
         * @param delay how long
         * @return {@code false} when the wait was cut short and no further attempt should be made
         */
        boolean sleep(Duration delay);
    }

    /**
     * A result and how many attempts it took.
     *
     * @param result the last result
     * @param attempts attempts made
     */
    public record Attempted(DeliveryResult result, int attempts) {}

    private final RetryPolicy policy;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Supplier<? extends RandomGenerator> random;

    /**
     * Creates a retrier that sleeps on the calling thread.
     *
     * @param policy how often and how long to retry
     */
    public Retrier(RetryPolicy policy) {
        this(policy, Retrier::sleep, ThreadLocalRandom::current);
    }

    /**
     * Creates a retrier.
     *
     * @param policy how often and how long to retry
     * @param sleeper how to wait between attempts
     * @param random where the jitter comes from, asked on the thread that retries
     */
    public Retrier(RetryPolicy policy, Sleeper sleeper, Supplier<? extends RandomGenerator> random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.backoff = policy.delays();
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
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
            if (!(result instanceof DeliveryResult.RetryLater retry) || !pause(attempt, retry.retryAfter())) {
                return new Attempted(result, attempt);
            }
        }
    }

    /**
     * Sends one message to many recipients at once, then again to those whose result may pass, until every result is
     * final, the attempts are used up, or the provider asks to wait too long. Between rounds it waits for the longest
     * {@code Retry-After} any recipient was given, or the back-off.
     *
     * @param keys the recipients, without duplicates
     * @param send one attempt for some recipients, answering one result per recipient in their order
     * @param <K> the recipients' type
     * @return each recipient's last result, in the order of {@code keys}
     * @throws IllegalStateException when {@code send} answers a different number of results
     */
    public <K> Map<K, Attempted> runEach(List<K> keys, Function<List<K>, List<DeliveryResult>> send) {
        Map<K, Attempted> results = new LinkedHashMap<>();
        List<K> pending = List.copyOf(keys);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<DeliveryResult> batch = send.apply(pending);
            if (batch.size() != pending.size()) {
                throw new IllegalStateException(batch.size() + " results for " + pending.size() + " recipients");
            }
            List<K> again = new ArrayList<>();
            Duration retryAfter = null;
            for (int i = 0; i < pending.size(); i++) {
                DeliveryResult result = batch.get(i);
                results.put(pending.get(i), new Attempted(result, attempt));
                if (result instanceof DeliveryResult.RetryLater retry) {
                    again.add(pending.get(i));
                    Duration asked = retry.retryAfter();
                    if (asked != null && (retryAfter == null || asked.compareTo(retryAfter) > 0)) {
                        retryAfter = asked;
                    }
                }
            }
            if (again.isEmpty() || !pause(attempt, retryAfter)) {
                break;
            }
            pending = again;
        }
        return results;
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
        Duration delay = backoff.jittered(attempt, random.get());
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }

    /** Waits before the next attempt; {@code false} when there is to be none. */
    private boolean pause(int attempt, @Nullable Duration retryAfter) {
        Duration delay = delayAfter(attempt, retryAfter);
        return delay != null && sleeper.sleep(delay);
    }

    /**
     * Sleeps on the calling thread.
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
            LOG.warn(
                    "A notification channel threw {} instead of returning a result",
                    e.getClass().getName());
            return DeliveryResult.retryLater(null, "channel-exception");
        }
    }
}
