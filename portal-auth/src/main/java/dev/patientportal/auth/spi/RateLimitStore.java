package dev.patientportal.auth.spi;

import dev.patientportal.auth.internal.CaffeineRateLimitStore;
import java.time.Instant;

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
        return new CaffeineRateLimitStore(java.time.Duration.ofHours(25), 1_000_000);
    }
}
