package dev.patientportal.auth.spi;

import dev.patientportal.auth.Factor;
import dev.patientportal.auth.spi.CompactChallengeEntry.Code;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link ChallengeStore#inMemory()}: every decision is one atomic {@code compute} on the challenge's entry of a
 * {@link ConcurrentHashMap}; entries are kept in issue order for the retention and the capacity.
 *
 * <p><b>Compact.</b> An entry ({@link CompactChallengeEntry}) keeps what a {@link ChallengeRecord} says in primitives:
 * the 128-bit id as two longs (the map key), HMACs and the 256-bit pseudonyms as four longs each, instants as seconds
 * and nanoseconds, the codes in one field per {@link Factor}; institution ids are shared between
 * entries. Anything that does not have the usual shape (an id that is not 22 URL-safe characters, a pseudonym that is
 * not 43, an HMAC that is not 32 bytes) is kept as given, so every record comes back equal to the one stored. A pending
 * TAJ + phone challenge takes 395 bytes of heap with its map entry, a decoy 321 (docs/benchmarks.md), against 725 for a
 * record in a Caffeine cache.
 *
 * <p><b>When full.</b> Past {@code maximumSize}, the oldest decoy is forgotten to make room; a challenge with a grant is
 * forgotten only when no decoy is left, the oldest first. So starts for identities without a grant, however many, never
 * displace a patient's pending login: real challenges are bounded by the send limits (each one costs a code sent),
 * decoys are not. A decoy forgotten early answers like an unknown challenge, which tells whoever started it that its
 * identity has no grant; that takes more decoys within one retention than the store holds.
 */
// The compact layout is deliberate: instants are kept as epoch second plus nano-of-second, which getNano() is.
@SuppressWarnings("JavaInstantGetSecondsGetNano")
final class CompactChallengeStore implements ChallengeStore {
    /** Institution ids shared between entries, at most this many; past it each entry keeps its own. */
    private static final int SHARED_INSTITUTIONS = 4_096;

    private final ConcurrentHashMap<Object, CompactChallengeEntry> map = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InstitutionId, InstitutionId> institutions = new ConcurrentHashMap<>();
    private final long maximumSize;
    private final long retentionNanos;
    private final LongSupplier ticker;
    /** Keys in issue order, real challenges and decoys apart; both guarded by {@code real}. */
    private final ArrayDeque<Object> real = new ArrayDeque<>();

    private final ArrayDeque<Object> decoys = new ArrayDeque<>();

    /**
     * Creates a store.
     *
     * @param retention how long after it was issued a challenge is kept at most
     * @param maximumSize how many challenges are kept at most
     * @param ticker nanoseconds for the retention ({@link System#nanoTime()} outside tests)
     */
    CompactChallengeStore(Duration retention, long maximumSize, LongSupplier ticker) {
        if (retention.isNegative() || maximumSize < 0) {
            throw new IllegalArgumentException("retention and maximumSize must not be negative");
        }
        this.retentionNanos = saturatedNanos(retention);
        this.maximumSize = maximumSize;
        this.ticker = ticker;
    }

    @Override
    public void insert(ChallengeRecord challenge) {
        Object key = keyOf(challenge.id());
        CompactChallengeEntry entry =
                CompactChallengeEntry.of(challenge, intern(challenge.institution()), ticker.getAsLong());
        if (map.putIfAbsent(key, entry) != null) {
            throw new ConflictException("A challenge with this id exists");
        }
        admit(key, challenge.isDecoy(), entry.insertedAt);
    }

    @Override
    public Optional<ChallengeRecord> find(String id) {
        CompactChallengeEntry e = map.get(keyOf(id));
        return e == null ? Optional.empty() : Optional.of(e.toRecord(id));
    }

    @Override
    public int reserveAttempt(String id) {
        int[] left = {-1};
        map.computeIfPresent(keyOf(id), (k, e) -> {
            if (e.consumed || e.attemptsLeft <= 0) {
                return e;
            }
            CompactChallengeEntry copy = e.copy();
            copy.attemptsLeft = e.attemptsLeft - 1;
            left[0] = copy.attemptsLeft;
            return copy;
        });
        return left[0];
    }

    @Override
    public Optional<ChallengeRecord> markVerified(String id, Factor factor, int generation) {
        @Nullable CompactChallengeEntry[] changed = new CompactChallengeEntry[1];
        map.computeIfPresent(keyOf(id), (k, e) -> {
            changed[0] = e.verify(factor, generation, false);
            return changed[0] == null ? e : changed[0];
        });
        CompactChallengeEntry after = changed[0];
        return after == null ? Optional.empty() : Optional.of(after.toRecord(id));
    }

    @Override
    public Optional<ChallengeRecord> markVerifiedAndConsume(String id, Factor factor, int generation) {
        @Nullable CompactChallengeEntry[] changed = new CompactChallengeEntry[1];
        map.computeIfPresent(keyOf(id), (k, e) -> {
            changed[0] = e.verify(factor, generation, true);
            return changed[0] == null ? e : changed[0];
        });
        CompactChallengeEntry after = changed[0];
        return after == null ? Optional.empty() : Optional.of(after.toRecord(id));
    }

    @Override
    public boolean consume(String id) {
        boolean[] won = {false};
        map.computeIfPresent(keyOf(id), (k, e) -> {
            if (e.consumed || !e.allVerified()) {
                return e;
            }
            won[0] = true;
            CompactChallengeEntry copy = e.copy();
            copy.consumed = true;
            return copy;
        });
        return won[0];
    }

    @Override
    public Optional<ChallengeRecord> replaceCode(
            String id, Factor factor, StoredCode code, int expectedResends, Instant nextResendAt) {
        @Nullable CompactChallengeEntry[] changed = new CompactChallengeEntry[1];
        map.computeIfPresent(keyOf(id), (k, e) -> {
            Code current = e.code(factor);
            if (e.consumed || e.resends != expectedResends || current == null || current.verified) {
                return e;
            }
            CompactChallengeEntry copy = e.copy();
            copy.setCode(factor, Code.of(code));
            copy.resends = e.resends + 1;
            copy.resendSecond = nextResendAt.getEpochSecond();
            copy.resendNano = nextResendAt.getNano();
            changed[0] = copy;
            return copy;
        });
        CompactChallengeEntry after = changed[0];
        return after == null ? Optional.empty() : Optional.of(after.toRecord(id));
    }

    /** How many challenges the store holds now. */
    long size() {
        return map.mappingCount();
    }

    /** Queues a new entry and makes room: past the retention, then decoys first, then the oldest. */
    private void admit(Object key, boolean decoy, long now) {
        synchronized (real) {
            (decoy ? decoys : real).addLast(key);
            dropRetired(real, now);
            dropRetired(decoys, now);
            while (real.size() + decoys.size() > maximumSize) {
                Object victim = decoys.isEmpty() ? real.pollFirst() : decoys.pollFirst();
                if (victim == null) {
                    return;
                }
                map.remove(victim);
            }
        }
    }

    private void dropRetired(ArrayDeque<Object> queue, long now) {
        for (Object key = queue.peekFirst(); key != null; key = queue.peekFirst()) {
            CompactChallengeEntry e = map.get(key);
            if (e != null && now - e.insertedAt < retentionNanos) {
                return;
            }
            queue.pollFirst();
            map.remove(key);
        }
    }

    private InstitutionId intern(InstitutionId institution) {
        InstitutionId shared = institutions.get(institution);
        if (shared != null) {
            return shared;
        }
        if (institutions.size() >= SHARED_INSTITUTIONS) {
            return institution;
        }
        shared = institutions.putIfAbsent(institution, institution);
        return shared == null ? institution : shared;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The map key of an id: its 128 bits when it is 22 URL-safe characters in canonical form (as every id login
     * makes is), the string itself otherwise, so that two different ids never share a key.
     */
    static Object keyOf(String id) {
        if (id.length() != 22) {
            return id;
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 21; i++) {
            int v = sextet(id.charAt(i));
            if (v < 0) {
                return id;
            }
            hi = (hi << 6) | (lo >>> 58);
            lo = (lo << 6) | v;
        }
        int last = sextet(id.charAt(21));
        if (last < 0 || (last & 0xF) != 0) {
            return id;
        }
        hi = (hi << 2) | (lo >>> 62);
        lo = (lo << 2) | (last >>> 4);
        return new IdKey(hi, lo);
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        return c == '_' ? 63 : -1;
    }

    /** A canonical 128-bit id. */
    record IdKey(long hi, long lo) {
        @Override
        public int hashCode() {
            // The bits are random: any of them spread well.
            return (int) (hi ^ (hi >>> 32) ^ lo);
        }
    }
}
