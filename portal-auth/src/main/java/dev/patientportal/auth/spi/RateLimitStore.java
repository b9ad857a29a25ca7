package dev.patientportal.auth.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Fixed-window counters for send limits. Login names a bucket per key and window (for example
 * {@code phone:<pseudonym>:h:493812}), increments it and compares the count with the limit. Keys hold keyed pseudonyms,
 * never phone numbers, e-mail or client addresses.
 *
 * <p><b>Threads and transactions:</b> called on the login request's thread, each call alone in a unit of work of its
 * own. Backend failures are {@link dev.patientportal.core.TemporaryFailureException}s.
 */
public interface RateLimitStore {
    /**
     * Counts one event in a bucket. Atomically: create the bucket with count 1, or increment it.
     *
     * @param bucket the bucket name, at most 200 characters
     * @param expiresAt when the window ends; the bucket may be forgotten after it
     * @return the count after the increment; concurrent calls return distinct counts
     */
    long increment(String bucket, Instant expiresAt);

    /**
     * A single-node store in memory, backed by Caffeine: buckets are forgotten 25 hours after their last increment
     * (past the longest window), and at most 1 000 000 are kept.
     *
     * @return a new, empty store
     */
    static RateLimitStore inMemory() {
        return new CaffeineRateLimitStore(Duration.ofHours(25), 1_000_000);
    }

    /**
     * A single-node store in memory, backed by Caffeine, with the retention and capacity given: for a node that expects
     * more (or fewer) buckets than {@link #inMemory()} keeps. Past {@code maximumSize} Caffeine evicts buckets to make
     * room, and an evicted one is forgotten.
     *
     * @param retention a bucket is forgotten this long after its last increment; keep it longer than a day, the
     *     longest window
     * @param maximumSize how many buckets are kept at most
     * @return a new, empty store
     * @throws IllegalArgumentException when {@code retention} or {@code maximumSize} is negative
     */
    static RateLimitStore inMemory(Duration retention, long maximumSize) {
        return new CaffeineRateLimitStore(Objects.requireNonNull(retention, "retention"), maximumSize);
    }
}
