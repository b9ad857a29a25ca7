package dev.patientportal.auth.spi;

import dev.patientportal.auth.Factor;
import dev.patientportal.core.ConflictException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * A challenge store over a map of records the caller owns, for tests that inspect or roll back the raw state
 * ({@link MapBackedStores}); every decision is one atomic {@code compute} on the challenge's entry. The default store
 * of {@link ChallengeStore#inMemory()} is {@link CompactChallengeStore}.
 */
final class MapChallengeStore implements ChallengeStore {
    private final ConcurrentMap<String, ChallengeRecord> map;

    /**
     * Creates a store over a map the caller owns.
     *
     * @param map the map
     */
    MapChallengeStore(ConcurrentMap<String, ChallengeRecord> map) {
        this.map = map;
    }

    @Override
    public void insert(ChallengeRecord challenge) {
        if (map.putIfAbsent(challenge.id(), challenge) != null) {
            throw new ConflictException("A challenge with this id exists");
        }
    }

    @Override
    public Optional<ChallengeRecord> find(String id) {
        return Optional.ofNullable(map.get(id));
    }

    @Override
    public int reserveAttempt(String id) {
        int[] left = {-1};
        map.computeIfPresent(id, (k, c) -> {
            if (c.consumed() || c.attemptsLeft() <= 0) {
                return c;
            }
            left[0] = c.attemptsLeft() - 1;
            return c.withAttemptsLeft(left[0]);
        });
        return left[0];
    }

    @Override
    public Optional<ChallengeRecord> markVerified(String id, Factor factor, int generation) {
        ChallengeRecord[] changed = new ChallengeRecord[1];
        map.computeIfPresent(id, (k, c) -> {
            StoredCode code = c.codes().get(factor);
            if (c.consumed() || code == null || code.verified() || code.generation() != generation) {
                return c;
            }
            Map<Factor, StoredCode> codes = new EnumMap<>(c.codes());
            codes.put(factor, code.asVerified());
            changed[0] = c.withCodes(codes).withAttemptsLeft(c.attemptsLeft() + 1);
            return changed[0];
        });
        return Optional.ofNullable(changed[0]);
    }

    @Override
    public boolean consume(String id) {
        boolean[] won = {false};
        map.computeIfPresent(id, (k, c) -> {
            if (c.consumed() || !c.allVerified()) {
                return c;
            }
            won[0] = true;
            return c.asConsumed();
        });
        return won[0];
    }

    @Override
    public Optional<ChallengeRecord> replaceCode(
            String id, Factor factor, StoredCode code, int expectedResends, Instant nextResendAt) {
        ChallengeRecord[] changed = new ChallengeRecord[1];
        map.computeIfPresent(id, (k, c) -> {
            @Nullable StoredCode current = c.codes().get(factor);
            if (c.consumed() || c.resends() != expectedResends || current == null || current.verified()) {
                return c;
            }
            changed[0] = c.withResent(factor, code, nextResendAt);
            return changed[0];
        });
        return Optional.ofNullable(changed[0]);
    }
}
