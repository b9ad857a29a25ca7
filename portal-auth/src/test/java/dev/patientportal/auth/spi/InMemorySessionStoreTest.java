package dev.patientportal.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionStore#inMemory()} as its contract says: {@code deleteAll} ends exactly one patient's sessions in one
 * institution and counts them, {@code touch} and {@code delete} tell whether the session still existed.
 */
class InMemorySessionStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final InstitutionId CLINIC = InstitutionId.of("clinic");
    private static final InstitutionId OTHER_CLINIC = InstitutionId.of("other-clinic");
    private static final PatientId PATIENT = PatientId.of("p-1");
    private static final PatientId OTHER_PATIENT = PatientId.of("p-2");

    private final SessionStore store = SessionStore.inMemory();

    private static byte[] hash(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private SessionRecord insert(int seed, InstitutionId institution, PatientId patient) {
        SessionRecord s =
                new SessionRecord("s-" + seed, hash(seed), institution, patient, T0, T0, T0.plusSeconds(3600), 1);
        store.insert(s);
        return s;
    }

    @Test
    @DisplayName("deleteAll ends the patient's sessions in that institution only, and counts what it ended")
    void deleteAllEndsOnePatientsSessions() {
        SessionRecord mine1 = insert(1, CLINIC, PATIENT);
        SessionRecord mine2 = insert(2, CLINIC, PATIENT);
        SessionRecord samePatientElsewhere = insert(3, OTHER_CLINIC, PATIENT);
        SessionRecord otherPatient = insert(4, CLINIC, OTHER_PATIENT);

        assertThat(store.deleteAll(CLINIC, PATIENT)).isEqualTo(2);

        assertThat(store.findByTokenHash(mine1.tokenHash())).isEmpty();
        assertThat(store.findByTokenHash(mine2.tokenHash())).isEmpty();
        for (SessionRecord kept : List.of(samePatientElsewhere, otherPatient)) {
            assertThat(store.findByTokenHash(kept.tokenHash())).contains(kept);
        }
        assertThat(store.deleteAll(CLINIC, PATIENT)).as("nothing left to end").isZero();
        assertThat(store.deleteAll(OTHER_CLINIC, PATIENT)).isEqualTo(1);
    }

    @Test
    @DisplayName("touch and delete answer false once the session is gone; touch never moves lastSeenAt back")
    void touchAndDeleteTellWhetherTheSessionExisted() {
        SessionRecord s = insert(1, CLINIC, PATIENT);

        assertThat(store.touch(s.sessionId(), T0.plusSeconds(60))).isTrue();
        assertThat(store.touch(s.sessionId(), T0.plusSeconds(30))).isTrue();
        assertThat(store.findByTokenHash(s.tokenHash()).orElseThrow().lastSeenAt())
                .isEqualTo(T0.plusSeconds(60));

        assertThat(store.delete(s.sessionId())).isTrue();
        assertThat(store.delete(s.sessionId())).isFalse();
        assertThat(store.touch(s.sessionId(), T0.plusSeconds(90))).isFalse();
        assertThat(store.touch("s-unknown", T0)).isFalse();
        assertThat(store.findByTokenHash(s.tokenHash())).isEmpty();
    }
}
