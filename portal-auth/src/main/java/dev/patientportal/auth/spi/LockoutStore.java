package dev.patientportal.auth.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts consecutive wrong codes per login identity, across challenges and resends, for the lockout with growing
 * back-off. Keys are keyed pseudonyms of the identity (never the identifiers), the same for identities with and without
 * a grant, so a lockout tells nothing about registration.
 *
 * <p><b>Threads and transactions:</b> called on the login request's thread, each call alone in a unit of work of its
 * own that commits before login answers: a counted failure survives whatever fails afterwards. Backend failures are
 * {@link dev.patientportal.core.TemporaryFailureException}s.
 */
public interface LockoutStore {
    /**
     * Counts one wrong code. Atomically: create the record with one failure, or increment it, and set
     * {@link FailureRecord#lastFailureAt()} to the later of its value and {@code at}.
     *
     * @param key the identity's pseudonym
     * @param at when the wrong code came
     * @return the record after the increment; concurrent calls return distinct counts
     */
    FailureRecord recordFailure(String key, Instant at);

    /**
     * Reads the counter.
     *
     * @param key the identity's pseudonym
     * @return the record, or empty when there are no failures since the last success
     */
    Optional<FailureRecord> find(String key);

    /**
     * Forgets the failures after a successful login.
     *
     * @param key the identity's pseudonym
     */
    void reset(String key);

    /**
     * A single-node store in memory, backed by Caffeine: a counter is forgotten 24 hours after its last failure, and at
     * most 1 000 000 are kept.
     *
     * @return a new, empty store
     */
    static LockoutStore inMemory() {
        return new CaffeineLockoutStore(Duration.ofHours(24), 1_000_000);
    }

    /**
     * A single-node store in memory, backed by Caffeine, with the retention and capacity given: for a node that expects
     * more (or fewer) counters than {@link #inMemory()} keeps. Past {@code maximumSize} Caffeine evicts counters to
     * make room, and an evicted one is forgotten.
     *
     * @param retention a counter is forgotten this long after its last failure; keep it longer than
     *     {@code AuthSettings#lockoutMaxDelay()}
     * @param maximumSize how many counters are kept at most
     * @return a new, empty store
     * @throws IllegalArgumentException when {@code retention} or {@code maximumSize} is negative
     */
    static LockoutStore inMemory(Duration retention, long maximumSize) {
        return new CaffeineLockoutStore(Objects.requireNonNull(retention, "retention"), maximumSize);
    }
}
