package dev.patientportal.auth.spi;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/** {@link LockoutStore#inMemory()}: one atomic {@code merge} per failure. */
final class CaffeineLockoutStore implements LockoutStore {
    private final ConcurrentMap<String, FailureRecord> map;

    /**
     * Creates a store.
     *
     * @param retention how long after its last failure a counter is kept
     * @param maximumSize how many counters are kept at most
     */
    CaffeineLockoutStore(Duration retention, long maximumSize) {
        this.map = Caffeine.newBuilder()
                .expireAfterWrite(retention)
                .maximumSize(maximumSize)
                .<String, FailureRecord>build()
                .asMap();
    }

    /**
     * Creates a store over a map the caller owns, for tests that inspect or roll back the raw state.
     *
     * @param map the map
     */
    CaffeineLockoutStore(ConcurrentMap<String, FailureRecord> map) {
        this.map = map;
    }

    @Override
    public FailureRecord recordFailure(String key, Instant at) {
        return map.merge(
                key,
                new FailureRecord(1, at),
                (old, one) -> new FailureRecord(
                        old.consecutiveFailures() + 1, at.isAfter(old.lastFailureAt()) ? at : old.lastFailureAt()));
    }

    @Override
    public Optional<FailureRecord> find(String key) {
        return Optional.ofNullable(map.get(key));
    }

    @Override
    public void reset(String key) {
        map.remove(key);
    }
}
