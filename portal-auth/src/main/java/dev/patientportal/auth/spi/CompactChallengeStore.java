package dev.patientportal.auth.spi;

import dev.patientportal.auth.Factor;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link ChallengeStore#inMemory()}: every decision is one atomic {@code compute} on the challenge's entry of a
 * {@link ConcurrentHashMap}; entries are kept in issue order for the retention and the capacity.
 *
 * <p><b>Compact.</b> An entry keeps what a {@link ChallengeRecord} says in primitives: the 128-bit id as two longs (the
 * map key), HMACs and the 256-bit pseudonyms as four longs each, instants as seconds and nanoseconds, the codes in a
 * small array indexed by {@link Factor#ordinal()}; institution ids are shared between entries. Anything that does not
 * have the usual shape (an id that is not 22 URL-safe characters, a pseudonym that is not 43, an HMAC that is not 32
 * bytes) is kept as given, so every record comes back equal to the one stored. A pending TAJ + phone challenge takes
 * about 330 bytes of heap with its map entry (docs/benchmarks.md), against 725 for a record in a Caffeine cache.
 *
 * <p><b>When full.</b> Past {@code maximumSize}, the oldest decoy is forgotten to make room; a challenge with a grant is
 * forgotten only when no decoy is left, the oldest first. So starts for identities without a grant, however many, never
 * displace a patient's pending login: real challenges are bounded by the send limits (each one costs a code sent),
 * decoys are not. A decoy forgotten early answers like an unknown challenge, which tells whoever started it that its
 * identity has no grant; that takes more decoys within one retention than the store holds.
 */
// The compact layout is deliberate: codes sit in an array indexed by Factor.ordinal() (the enum is ours and only
// grows at the end), and instants are kept as epoch second plus nano-of-second, which getNano() is.
@SuppressWarnings({"EnumOrdinal", "JavaInstantGetSecondsGetNano"})
final class CompactChallengeStore implements ChallengeStore {
    private static final Factor[] FACTORS = Factor.values();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    /** Institution ids shared between entries, at most this many; past it each entry keeps its own. */
    private static final int SHARED_INSTITUTIONS = 4_096;

    private final ConcurrentHashMap<Object, Entry> map = new ConcurrentHashMap<>();
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
        Entry entry = Entry.of(challenge, intern(challenge.institution()), ticker.getAsLong());
        if (map.putIfAbsent(key, entry) != null) {
            throw new ConflictException("A challenge with this id exists");
        }
        admit(key, challenge.isDecoy(), entry.insertedAt);
    }

    @Override
    public Optional<ChallengeRecord> find(String id) {
        Entry e = map.get(keyOf(id));
        return e == null ? Optional.empty() : Optional.of(e.toRecord(id));
    }

    @Override
    public int reserveAttempt(String id) {
        int[] left = {-1};
        map.computeIfPresent(keyOf(id), (k, e) -> {
            if (e.consumed || e.attemptsLeft <= 0) {
                return e;
            }
            Entry copy = e.copy();
            copy.attemptsLeft = e.attemptsLeft - 1;
            left[0] = copy.attemptsLeft;
            return copy;
        });
        return left[0];
    }

    @Override
    public Optional<ChallengeRecord> markVerified(String id, Factor factor, int generation) {
        @Nullable Entry[] changed = new Entry[1];
        map.computeIfPresent(keyOf(id), (k, e) -> {
            changed[0] = e.verify(factor, generation, false);
            return changed[0] == null ? e : changed[0];
        });
        Entry after = changed[0];
        return after == null ? Optional.empty() : Optional.of(after.toRecord(id));
    }

    @Override
    public Optional<ChallengeRecord> markVerifiedAndConsume(String id, Factor factor, int generation) {
        @Nullable Entry[] changed = new Entry[1];
        map.computeIfPresent(keyOf(id), (k, e) -> {
            changed[0] = e.verify(factor, generation, true);
            return changed[0] == null ? e : changed[0];
        });
        Entry after = changed[0];
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
            Entry copy = e.copy();
            copy.consumed = true;
            return copy;
        });
        return won[0];
    }

    @Override
    public Optional<ChallengeRecord> replaceCode(
            String id, Factor factor, StoredCode code, int expectedResends, Instant nextResendAt) {
        @Nullable Entry[] changed = new Entry[1];
        map.computeIfPresent(keyOf(id), (k, e) -> {
            Code current = e.codes[factor.ordinal()];
            if (e.consumed || e.resends != expectedResends || current == null || current.verified) {
                return e;
            }
            Entry copy = e.copy();
            copy.codes = e.codes.clone();
            copy.codes[factor.ordinal()] = Code.of(code);
            copy.resends = e.resends + 1;
            copy.resendSecond = nextResendAt.getEpochSecond();
            copy.resendNano = nextResendAt.getNano();
            changed[0] = copy;
            return copy;
        });
        Entry after = changed[0];
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
            Entry e = map.get(key);
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

    /**
     * 256 bits as four longs, or the text itself when it is not 43 URL-safe characters in canonical form (a pseudonym
     * from {@code PseudonymKey.pseudonym} is).
     */
    private static long @Nullable [] pack43(String text) {
        if (text.length() != 43) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = URL_DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length != 32 || !URL.encodeToString(bytes).equals(text)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new long[] {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
    }

    private static byte[] bytesOf(long a, long b, long c, long d) {
        return ByteBuffer.allocate(32)
                .putLong(a)
                .putLong(b)
                .putLong(c)
                .putLong(d)
                .array();
    }

    /**
     * One challenge. Copied on every change inside {@code compute}, and filled in before the map publishes it, so that
     * lock-free reads always see a whole state.
     */
    static final class Entry implements Cloneable {
        long insertedAt;
        InstitutionId institution;

        @Nullable
        PatientId patient;

        long grantVersion;
        long identity0;
        long identity1;
        long identity2;
        long identity3;

        @Nullable
        String identityText;

        @Nullable
        Code[] codes;

        int attemptsLeft;
        int resends;
        boolean consumed;
        long createdSecond;
        int createdNano;
        long expiresSecond;
        int expiresNano;
        long resendSecond;
        int resendNano;

        private Entry(InstitutionId institution) {
            this.institution = institution;
            this.codes = new Code[FACTORS.length];
        }

        static Entry of(ChallengeRecord c, InstitutionId institution, long insertedAt) {
            Entry e = new Entry(institution);
            e.insertedAt = insertedAt;
            e.patient = c.patient();
            e.grantVersion = c.grantVersion();
            long[] identity = pack43(c.identityKey());
            if (identity == null) {
                e.identityText = c.identityKey();
            } else {
                e.identity0 = identity[0];
                e.identity1 = identity[1];
                e.identity2 = identity[2];
                e.identity3 = identity[3];
            }
            for (Map.Entry<Factor, StoredCode> code : c.codes().entrySet()) {
                e.codes[code.getKey().ordinal()] = Code.of(code.getValue());
            }
            e.attemptsLeft = c.attemptsLeft();
            e.resends = c.resends();
            e.consumed = c.consumed();
            e.createdSecond = c.createdAt().getEpochSecond();
            e.createdNano = c.createdAt().getNano();
            e.expiresSecond = c.expiresAt().getEpochSecond();
            e.expiresNano = c.expiresAt().getNano();
            e.resendSecond = c.resendAvailableAt().getEpochSecond();
            e.resendNano = c.resendAvailableAt().getNano();
            return e;
        }

        Entry copy() {
            try {
                return (Entry) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        boolean allVerified() {
            for (Code c : codes) {
                if (c != null && !c.verified) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The entry after a factor's code matched: the factor verified, the attempt given back, and with
         * {@code consume} the challenge consumed when no factor is left; {@code null} when nothing may change.
         */
        @Nullable
        Entry verify(Factor factor, int generation, boolean consume) {
            Code code = codes[factor.ordinal()];
            if (consumed || code == null || code.verified || code.generation != generation) {
                return null;
            }
            Entry copy = copy();
            copy.codes = codes.clone();
            copy.codes[factor.ordinal()] = code.asVerified();
            copy.attemptsLeft = attemptsLeft + 1;
            copy.consumed = consume && copy.allVerified();
            return copy;
        }

        ChallengeRecord toRecord(String id) {
            Map<Factor, StoredCode> stored = new EnumMap<>(Factor.class);
            for (int i = 0; i < codes.length; i++) {
                Code c = codes[i];
                if (c != null) {
                    stored.put(FACTORS[i], c.toStoredCode());
                }
            }
            String identityKey = identityText != null
                    ? identityText
                    : URL.encodeToString(bytesOf(identity0, identity1, identity2, identity3));
            return new ChallengeRecord(
                    id,
                    institution,
                    patient,
                    grantVersion,
                    identityKey,
                    stored,
                    attemptsLeft,
                    resends,
                    createdAt(),
                    Instant.ofEpochSecond(expiresSecond, expiresNano),
                    Instant.ofEpochSecond(resendSecond, resendNano),
                    consumed);
        }

        private Instant createdAt() {
            return Instant.ofEpochSecond(createdSecond, createdNano);
        }
    }

    /** One factor's code; never changed once published. */
    static final class Code implements Cloneable {
        String keyId;
        long mac0;
        long mac1;
        long mac2;
        long mac3;
        byte @Nullable [] macBytes;
        int generation;
        long expiresSecond;
        int expiresNano;
        boolean verified;
        long destination0;
        long destination1;
        long destination2;
        long destination3;

        @Nullable
        String destinationText;

        private Code(String keyId) {
            this.keyId = keyId;
        }

        static Code of(StoredCode s) {
            Code c = new Code(s.keyId());
            byte[] mac = s.mac();
            if (mac.length == 32) {
                ByteBuffer b = ByteBuffer.wrap(mac);
                c.mac0 = b.getLong();
                c.mac1 = b.getLong();
                c.mac2 = b.getLong();
                c.mac3 = b.getLong();
            } else {
                c.macBytes = mac;
            }
            c.generation = s.generation();
            c.expiresSecond = s.expiresAt().getEpochSecond();
            c.expiresNano = s.expiresAt().getNano();
            c.verified = s.verified();
            long[] destination = pack43(s.destinationKey());
            if (destination == null) {
                c.destinationText = s.destinationKey();
            } else {
                c.destination0 = destination[0];
                c.destination1 = destination[1];
                c.destination2 = destination[2];
                c.destination3 = destination[3];
            }
            return c;
        }

        Code asVerified() {
            try {
                Code copy = (Code) clone();
                copy.verified = true;
                return copy;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        StoredCode toStoredCode() {
            byte[] mac = macBytes != null ? macBytes : bytesOf(mac0, mac1, mac2, mac3);
            String destination = destinationText != null
                    ? destinationText
                    : URL.encodeToString(bytesOf(destination0, destination1, destination2, destination3));
            return new StoredCode(
                    keyId, mac, generation, Instant.ofEpochSecond(expiresSecond, expiresNano), verified, destination);
        }
    }
}
