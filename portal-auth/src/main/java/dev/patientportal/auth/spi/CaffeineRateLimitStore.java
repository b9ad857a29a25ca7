package dev.patientportal.auth.spi;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentMap;

/** {@link RateLimitStore#inMemory()}: one atomic {@code merge} per event. */
final class CaffeineRateLimitStore implements RateLimitStore {
    private final ConcurrentMap<String, Long> map;

    /**
     * Creates a store.
     *
     * @param retention how long after its last increment a bucket is kept; longer than the longest window
     * @param maximumSize how many buckets are kept at most
     */
    CaffeineRateLimitStore(Duration retention, long maximumSize) {
        this.map = Caffeine.newBuilder()
                .expireAfterWrite(retention)
                .maximumSize(maximumSize)
                .<String, Long>build()
                .asMap();
    }

    /**
     * Creates a store over a map the caller owns, for tests that inspect or roll back the raw state.
     *
     * @param map the map
     */
    CaffeineRateLimitStore(ConcurrentMap<String, Long> map) {
        this.map = map;
    }

    @Override
    public long increment(String bucket, Instant expiresAt) {
        return map.merge(bucket, 1L, Long::sum);
    }
}
