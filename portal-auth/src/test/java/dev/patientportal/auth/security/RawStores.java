package dev.patientportal.auth.security;

import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.MapBackedStores;
import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.core.spi.TransactionRunner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The default stores over plain maps the test can read, with a transaction runner that behaves like a database: one
 * unit at a time, and a unit that throws is rolled back (every map restored to its state when the unit began).
 */
final class RawStores implements TransactionRunner {
    final ConcurrentMap<String, ChallengeRecord> challenges = new ConcurrentHashMap<>();
    final ConcurrentMap<String, SessionRecord> sessions = new ConcurrentHashMap<>();
    final ConcurrentMap<String, String> sessionIndex = new ConcurrentHashMap<>();
    final ConcurrentMap<String, FailureRecord> failures = new ConcurrentHashMap<>();
    final ConcurrentMap<String, Long> buckets = new ConcurrentHashMap<>();
    final AtomicInteger rollbacks = new AtomicInteger();
    final AuthStores stores = AuthStores.of(
            MapBackedStores.challenges(challenges),
            MapBackedStores.sessions(sessions, sessionIndex),
            MapBackedStores.lockouts(failures),
            MapBackedStores.rateLimits(buckets));

    private final List<ConcurrentMap<String, ?>> all = List.of(challenges, sessions, sessionIndex, failures, buckets);

    @Override
    public synchronized <T> T inTransaction(Supplier<T> work) {
        List<Map<String, ?>> snapshot =
                all.stream().<Map<String, ?>>map(HashMap::new).toList();
        try {
            return work.get();
        } catch (RuntimeException e) {
            for (int i = 0; i < all.size(); i++) {
                restore(all.get(i), snapshot.get(i));
            }
            rollbacks.incrementAndGet();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> void restore(ConcurrentMap<String, V> target, Map<String, ?> snapshot) {
        target.clear();
        target.putAll((Map<String, V>) snapshot);
    }
}
