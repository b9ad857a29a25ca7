package dev.patientportal.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Factor;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How the compact store packs ids and pseudonyms: a canonical 22-character id becomes exactly its 128 bits, anything
 * else stays a string, and no two distinct ids ever share a key or find each other's challenge.
 */
class CompactChallengeKeysTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.123456789Z");
    /** Fixed seed: the same ids every run. */
    private final Random random = new Random(20261201L);

    @Test
    @DisplayName("a canonical id's key is its 128 bits, for every character of the alphabet at every position")
    void canonicalIdsPackToTheirBits() {
        List<byte[]> all = new ArrayList<>();
        all.add(new byte[16]);
        byte[] ones = new byte[16];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        all.add(ones);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            all.add(b);
        }
        for (byte[] b : all) {
            assertThat(CompactChallengeStore.keyOf(URL.encodeToString(b))).isEqualTo(expectedKey(b));
        }
        // Every sextet at each of the 21 full positions, the rest 'A' (zero bits) or random.
        for (int position = 0; position < 21; position++) {
            for (char c : ALPHABET.toCharArray()) {
                char[] zeros = "AAAAAAAAAAAAAAAAAAAAAA".toCharArray();
                zeros[position] = c;
                String id = new String(zeros);
                assertThat(CompactChallengeStore.keyOf(id)).as(id).isEqualTo(expectedKey(decode(id)));
            }
        }
        // The last character carries 2 bits: A, Q, g, w.
        for (char last : "AQgw".toCharArray()) {
            String id = "_____________________" + last;
            assertThat(CompactChallengeStore.keyOf(id)).as(id).isEqualTo(expectedKey(decode(id)));
        }
    }

    @Test
    @DisplayName("ids of another length, with a character outside the URL-safe alphabet, or with bits beyond 128, "
            + "stay strings")
    void otherIdsStayStrings() {
        String canonical = "AAAAAAAAAAAAAAAAAAAAAA";
        for (String id : new String[] {"", "A", canonical.substring(1), canonical + "A", canonical + "AA"}) {
            assertThat(CompactChallengeStore.keyOf(id)).isEqualTo(id);
        }
        // Neighbours of each range of the alphabet, and base64's non-URL-safe characters.
        String outside = "@[`{/:+=.~ \u00c0\u0000\u007f";
        for (int position = 0; position < 22; position++) {
            for (char c : outside.toCharArray()) {
                char[] chars = canonical.toCharArray();
                chars[position] = c;
                String id = new String(chars);
                assertThat(CompactChallengeStore.keyOf(id))
                        .as("%s at %d", (int) c, position)
                        .isEqualTo(id);
            }
        }
        // The last character's low four bits must be zero: every other character of the alphabet is not canonical.
        for (char last : ALPHABET.toCharArray()) {
            String id = canonical.substring(0, 21) + last;
            boolean canonicalLast = "AQgw".indexOf(last) >= 0;
            assertThat(CompactChallengeStore.keyOf(id) instanceof String).as(id).isEqualTo(!canonicalLast);
        }
    }

    @Test
    @DisplayName("distinct ids keep distinct keys: one character changed anywhere, to any other, changes the key")
    void distinctIdsNeverCollide() {
        Set<Object> keys = new HashSet<>();
        Set<String> ids = new HashSet<>();
        byte[] b = new byte[16];
        random.nextBytes(b);
        String base = URL.encodeToString(b);
        for (int position = 0; position < 22; position++) {
            for (char c : ALPHABET.toCharArray()) {
                char[] chars = base.toCharArray();
                chars[position] = c;
                String id = new String(chars);
                if (ids.add(id)) {
                    assertThat(keys.add(CompactChallengeStore.keyOf(id))).as(id).isTrue();
                }
            }
        }
        assertThat(keys).hasSize(ids.size());
    }

    @Test
    @DisplayName("a key's hash depends on every bit of the high long and the low 32 bits of the low long")
    void keyHashSpreads() {
        long hi = random.nextLong();
        long lo = random.nextLong();
        CompactChallengeStore.IdKey key = new CompactChallengeStore.IdKey(hi, lo);
        assertThat(key.hashCode()).isEqualTo(new CompactChallengeStore.IdKey(hi, lo).hashCode());
        for (int bit = 0; bit < 64; bit++) {
            int flippedHi = new CompactChallengeStore.IdKey(hi ^ (1L << bit), lo).hashCode();
            assertThat(flippedHi).as("hi bit %d", bit).isNotEqualTo(key.hashCode());
            if (bit < 32) {
                int flippedLo = new CompactChallengeStore.IdKey(hi, lo ^ (1L << bit)).hashCode();
                assertThat(flippedLo).as("lo bit %d", bit).isNotEqualTo(key.hashCode());
            }
        }
    }

    @Test
    @DisplayName("ids one character apart each find their own challenge, and none of the others'")
    void neighbourIdsRoundTripApart() {
        CompactChallengeStore store = new CompactChallengeStore(Duration.ofHours(1), 10_000, () -> 0L);
        byte[] b = new byte[16];
        random.nextBytes(b);
        String base = URL.encodeToString(b);
        List<ChallengeRecord> stored = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (int position = 0; position < 22; position++) {
            for (char c : ALPHABET.toCharArray()) {
                char[] chars = base.toCharArray();
                chars[position] = c;
                String id = new String(chars);
                if (seen.add(id)) {
                    ChallengeRecord r = challenge(id, pseudonym(), pseudonym(), n++);
                    store.insert(r);
                    stored.add(r);
                }
            }
        }
        assertThat(store.size()).isEqualTo(stored.size());
        for (ChallengeRecord r : stored) {
            assertThat(store.find(r.id())).as(r.id()).contains(r);
        }
        // Bits beyond 128 or a character outside the alphabet: never the canonical id's challenge.
        String zero = "AAAAAAAAAAAAAAAAAAAAAA";
        if (seen.contains(zero)) {
            return;
        }
        ChallengeRecord canonical = challenge(zero, pseudonym(), pseudonym(), 1);
        store.insert(canonical);
        for (String other : new String[] {
            "AAAAAAAAAAAAAAAAAAAAAB", "AAAAAAAAAAAAAAAAAAAAA@", "@AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAA"
        }) {
            assertThat(store.find(other)).as(other).isEmpty();
            assertThat(store.reserveAttempt(other)).isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("pseudonyms and destination keys that pack and that do not come back as given, through every write")
    void identityAndDestinationKeysRoundTrip() {
        CompactChallengeStore store = new CompactChallengeStore(Duration.ofHours(1), 1_000, () -> 0L);
        String packs = pseudonym();
        List<String> shapes = List.of(
                packs,
                pseudonym(),
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "___________________________________________8",
                "___________________________________________".substring(0, 42) + "8",
                packs.substring(0, 42) + "B", // 43 characters, bits beyond 256: not canonical
                packs.substring(0, 42) + "+",
                "+" + packs.substring(1),
                packs.substring(1),
                packs + "A",
                packs.substring(0, 41) + "==",
                "destination",
                "");
        int n = 0;
        for (String identity : shapes) {
            for (String destination : shapes) {
                String id = URL.encodeToString(bytes(16));
                ChallengeRecord r = challenge(id, identity, destination, n++);
                store.insert(r);
                assertThat(store.find(id)).contains(r);
                StoredCode fresh = new StoredCode("k2", bytes(32), 2, NOW.plusSeconds(600), false, destination);
                assertThat(store.replaceCode(id, Factor.SMS, fresh, 0, NOW.plusSeconds(120)))
                        .hasValueSatisfying(after -> {
                            assertThat(after.identityKey()).isEqualTo(identity);
                            assertThat(after.codes().get(Factor.SMS).destinationKey())
                                    .isEqualTo(destination);
                            assertThat(after.codes().get(Factor.SMS).mac()).isEqualTo(fresh.mac());
                            assertThat(after.resends()).isEqualTo(1);
                            assertThat(after.resendAvailableAt()).isEqualTo(NOW.plusSeconds(120));
                        });
                assertThat(store.markVerified(id, Factor.SMS, 2)).hasValueSatisfying(after -> {
                    assertThat(after.identityKey()).isEqualTo(identity);
                    assertThat(after.codes().get(Factor.SMS).destinationKey()).isEqualTo(destination);
                    assertThat(after.codes().get(Factor.SMS).verified()).isTrue();
                });
                assertThat(store.consume(id)).isTrue();
                assertThat(store.find(id)).hasValueSatisfying(after -> {
                    assertThat(after.consumed()).isTrue();
                    assertThat(after.identityKey()).isEqualTo(identity);
                });
            }
        }
    }

    @Test
    @DisplayName("edges: a store of size 0 keeps nothing; a retention past what nanoseconds hold keeps all; no attempt "
            + "below 0; consume only a verified challenge")
    void edges() {
        CompactChallengeStore none = new CompactChallengeStore(Duration.ofHours(1), 0, () -> 0L);
        String id = URL.encodeToString(bytes(16));
        none.insert(challenge(id, pseudonym(), pseudonym(), 1));
        assertThat(none.find(id)).isEmpty();
        assertThat(none.size()).isZero();

        long[] now = {0};
        CompactChallengeStore forever = new CompactChallengeStore(Duration.ofSeconds(Long.MAX_VALUE), 10, () -> now[0]);
        ChallengeRecord first = challenge(URL.encodeToString(bytes(16)), pseudonym(), pseudonym(), 1);
        forever.insert(first);
        now[0] = Duration.ofDays(365L * 200).toNanos();
        forever.insert(challenge(URL.encodeToString(bytes(16)), pseudonym(), pseudonym(), 2));
        assertThat(forever.find(first.id())).contains(first);

        assertThat(forever.consume(first.id())).as("not verified").isFalse();
        assertThat(forever.consume("unknown")).isFalse();
        for (int left = 4; left >= 0; left--) {
            assertThat(forever.reserveAttempt(first.id())).isEqualTo(left);
        }
        assertThat(forever.reserveAttempt(first.id())).isEqualTo(-1);
        assertThat(forever.find(first.id()))
                .hasValueSatisfying(c -> assertThat(c.attemptsLeft()).isZero());
    }

    private ChallengeRecord challenge(String id, String identity, String destination, int n) {
        Map<Factor, StoredCode> codes = new EnumMap<>(Factor.class);
        codes.put(Factor.SMS, new StoredCode("k1", bytes(32), 1, NOW.plusSeconds(300), false, destination));
        return new ChallengeRecord(
                id,
                InstitutionId.of("clinic"),
                PatientId.of("p-" + n),
                3,
                identity,
                codes,
                5,
                0,
                NOW,
                NOW.plusSeconds(900),
                NOW.plusSeconds(60),
                false);
    }

    private String pseudonym() {
        return URL.encodeToString(bytes(32));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] decode(String id) {
        return Base64.getUrlDecoder().decode(id);
    }

    private static CompactChallengeStore.IdKey expectedKey(byte[] bits) {
        assertThat(bits).hasSize(16);
        ByteBuffer b = ByteBuffer.wrap(bits);
        return new CompactChallengeStore.IdKey(b.getLong(), b.getLong());
    }
}
