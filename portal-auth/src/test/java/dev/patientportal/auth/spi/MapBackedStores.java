package dev.patientportal.auth.spi;

import java.util.concurrent.ConcurrentMap;

/**
 * The in-memory default stores over maps a test owns, for tests elsewhere that read or roll back the raw state
 * ({@code security.RawStores}). The stores are package-private beside their interfaces; this is the one way in.
 */
public final class MapBackedStores {
    private MapBackedStores() {}

    /**
     * The store of {@link ChallengeStore#inMemory()} over a map.
     *
     * @param challenges challenges by id
     * @return the store
     */
    public static ChallengeStore challenges(ConcurrentMap<String, ChallengeRecord> challenges) {
        return new MapChallengeStore(challenges);
    }

    /**
     * The store of {@link SessionStore#inMemory()} over two maps.
     *
     * @param byId sessions by id
     * @param idByHash session ids by hex token hash
     * @return the store
     */
    public static SessionStore sessions(
            ConcurrentMap<String, SessionRecord> byId, ConcurrentMap<String, String> idByHash) {
        return new CaffeineSessionStore(byId, idByHash);
    }

    /**
     * The store of {@link LockoutStore#inMemory()} over a map.
     *
     * @param failures counters by identity pseudonym
     * @return the store
     */
    public static LockoutStore lockouts(ConcurrentMap<String, FailureRecord> failures) {
        return new CaffeineLockoutStore(failures);
    }

    /**
     * The store of {@link RateLimitStore#inMemory()} over a map.
     *
     * @param buckets counts by bucket
     * @return the store
     */
    public static RateLimitStore rateLimits(ConcurrentMap<String, Long> buckets) {
        return new CaffeineRateLimitStore(buckets);
    }
}
