package dev.patientportal.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Factor;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compact in-memory store: records of any shape come back equal; retention and capacity in issue order. */
class CompactChallengeStoreTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.123456789Z");

    private final AtomicLong ticker = new AtomicLong();

    private CompactChallengeStore store(long capacity) {
        return new CompactChallengeStore(Duration.ofMinutes(60), capacity, ticker::get);
    }

    @Test
    @DisplayName("ids, pseudonyms and HMACs of unusual shapes come back as given, next to packed ones")
    void unusualShapesRoundTrip() {
        CompactChallengeStore store = store(100);
        // Not 22 characters; 22 characters but not canonical (the last one carries bits beyond 128); URL-safe usual.
        String canonical = id(16);
        String nonCanonical = canonical.substring(0, 21) + "B";
        for (String id : new String[] {"c-1", nonCanonical, canonical, "+/not*base64+/not*base64"}) {
            ChallengeRecord c =
                    challenge(id, id.length() == 22 ? id(32) : "short-identity", new byte[] {1, 2, 3}, "dest", null);
            store.insert(c);
            assertThat(store.find(id)).contains(c);
        }
        assertThat(CompactChallengeStore.keyOf(canonical)).isNotEqualTo(CompactChallengeStore.keyOf(nonCanonical));
        ChallengeRecord packed = challenge(id(16), id(32), bytes(32), id(32), PatientId.of("p-1"));
        store.insert(packed);
        assertThat(store.find(packed.id())).contains(packed);
        assertThat(store.markVerifiedAndConsume(packed.id(), Factor.SMS, 1)).hasValueSatisfying(after -> {
            assertThat(after.consumed()).isTrue();
            assertThat(after.codes().get(Factor.SMS).mac())
                    .isEqualTo(packed.codes().get(Factor.SMS).mac());
            assertThat(after.codes().get(Factor.SMS).destinationKey())
                    .isEqualTo(packed.codes().get(Factor.SMS).destinationKey());
            assertThat(after.createdAt()).isEqualTo(NOW);
        });
    }

    @Test
    @DisplayName("past the retention a challenge is forgotten when a later one is issued")
    void retentionCountsFromIssue() {
        CompactChallengeStore store = store(100);
        ChallengeRecord old = challenge(id(16), id(32), bytes(32), id(32), PatientId.of("p-1"));
        store.insert(old);
        ticker.addAndGet(Duration.ofMinutes(59).toNanos());
        store.reserveAttempt(old.id());
        ChallengeRecord fresh = challenge(id(16), id(32), bytes(32), id(32), null);
        store.insert(fresh);
        assertThat(store.find(old.id())).isPresent();
        ticker.addAndGet(Duration.ofMinutes(2).toNanos());
        store.insert(challenge(id(16), id(32), bytes(32), id(32), null));
        assertThat(store.find(old.id()))
                .as("an hour after issue, writes notwithstanding")
                .isEmpty();
        assertThat(store.find(fresh.id())).isPresent();
    }

    @Test
    @DisplayName("when full: the oldest decoy goes; a real challenge only when no decoy is left; a decoy never "
            + "displaces a real one")
    void decoysMakeRoomFirst() {
        CompactChallengeStore store = store(3);
        ChallengeRecord real1 = challenge(id(16), id(32), bytes(32), id(32), PatientId.of("p-1"));
        ChallengeRecord decoy1 = challenge(id(16), id(32), bytes(32), id(32), null);
        ChallengeRecord decoy2 = challenge(id(16), id(32), bytes(32), id(32), null);
        store.insert(real1);
        store.insert(decoy1);
        store.insert(decoy2);
        ChallengeRecord real2 = challenge(id(16), id(32), bytes(32), id(32), PatientId.of("p-2"));
        store.insert(real2);
        assertThat(store.find(decoy1.id())).isEmpty();
        assertThat(store.find(decoy2.id())).isPresent();
        ChallengeRecord real3 = challenge(id(16), id(32), bytes(32), id(32), PatientId.of("p-3"));
        store.insert(real3);
        assertThat(store.find(decoy2.id())).isEmpty();
        ChallengeRecord decoy3 = challenge(id(16), id(32), bytes(32), id(32), null);
        store.insert(decoy3);
        assertThat(store.find(decoy3.id()))
                .as("no room for a decoy among real challenges")
                .isEmpty();
        assertThat(store.size()).isEqualTo(3);
        ChallengeRecord real4 = challenge(id(16), id(32), bytes(32), id(32), PatientId.of("p-4"));
        store.insert(real4);
        assertThat(store.find(real1.id())).as("the oldest real challenge").isEmpty();
        assertThat(store.find(real2.id())).isPresent();
        assertThat(store.find(real4.id())).isPresent();
        assertThat(store.size()).isEqualTo(3);
    }

    private static ChallengeRecord challenge(
            String id, String identity, byte[] mac, String destination, @Nullable PatientId patient) {
        Map<Factor, StoredCode> codes = new EnumMap<>(Factor.class);
        codes.put(Factor.SMS, new StoredCode("k1", mac, 1, NOW.plusSeconds(300), false, destination));
        return new ChallengeRecord(
                id,
                InstitutionId.of("clinic-" + RANDOM.nextInt(3)),
                patient,
                patient == null ? 0 : 7,
                identity,
                codes,
                5,
                0,
                NOW,
                NOW.plusSeconds(900),
                NOW.plusSeconds(60),
                false);
    }

    private static String id(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(bytes));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
