package dev.patientportal.auth.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SessionStore}: sessions are found by token hash only, touched forward only, and deleted at
 * most once; ending all sessions of a patient ends exactly those; with real threads.
 */
public abstract class SessionStoreContract extends StoreContractSupport {
    /** For subclasses. */
    protected SessionStoreContract() {}

    /**
     * The store under test; may be shared between tests, since every test uses fresh ids.
     *
     * @return the store
     */
    protected abstract SessionStore store();

    /**
     * A new session with a random id and token hash, not yet stored.
     *
     * @param institution the institution
     * @param patient the patient
     * @return the session
     */
    protected SessionRecord newSession(InstitutionId institution, PatientId patient) {
        Instant now = now();
        return new SessionRecord(randomId(16), randomBytes(32), institution, patient, now, now,
                now.plus(Duration.ofHours(12)));
    }

    private SessionRecord stored(InstitutionId institution, PatientId patient) {
        SessionRecord s = newSession(institution, patient);
        run(() -> store().insert(s));
        return s;
    }

    @Test
    @DisplayName("a stored session is found by its token hash, and only by it")
    void foundByTokenHash() {
        SessionRecord s = stored(randomInstitution(), randomPatient());
        assertThat(tx(() -> store().findByTokenHash(s.tokenHash()))).contains(s);
        assertThat(tx(() -> store().findByTokenHash(randomBytes(32)))).isEmpty();
    }

    @Test
    @DisplayName("inserting an existing session id or token hash is a conflict")
    void duplicatesAreConflicts() {
        SessionRecord s = stored(randomInstitution(), randomPatient());
        SessionRecord sameHash = new SessionRecord(randomId(16), s.tokenHash(), s.institution(), s.patient(),
                s.createdAt(), s.lastSeenAt(), s.absoluteExpiresAt());
        assertThatThrownBy(() -> run(() -> store().insert(sameHash))).isInstanceOf(ConflictException.class);
        SessionRecord sameId = new SessionRecord(s.sessionId(), randomBytes(32), s.institution(), s.patient(),
                s.createdAt(), s.lastSeenAt(), s.absoluteExpiresAt());
        assertThatThrownBy(() -> run(() -> store().insert(sameId))).isInstanceOf(ConflictException.class);
        assertThat(tx(() -> store().findByTokenHash(s.tokenHash()))).contains(s);
    }

    @Test
    @DisplayName("touch moves lastSeenAt forward, never back, and answers false for an unknown session")
    void touchMovesForward() {
        SessionRecord s = stored(randomInstitution(), randomPatient());
        Instant later = s.lastSeenAt().plus(Duration.ofMinutes(3));
        assertThat(tx(() -> store().touch(s.sessionId(), later))).isTrue();
        assertThat(tx(() -> store().touch(s.sessionId(), s.lastSeenAt()))).isTrue();
        SessionRecord found = tx(() -> store().findByTokenHash(s.tokenHash())).orElseThrow();
        assertThat(found.lastSeenAt()).isEqualTo(later);
        assertThat(found.absoluteExpiresAt()).isEqualTo(s.absoluteExpiresAt());
        assertThat(tx(() -> store().touch(randomId(16), later))).isFalse();
    }

    @Test
    @DisplayName("delete ends a session once")
    void deleteOnce() {
        SessionRecord s = stored(randomInstitution(), randomPatient());
        assertThat(tx(() -> store().delete(s.sessionId()))).isTrue();
        assertThat(tx(() -> store().delete(s.sessionId()))).isFalse();
        assertThat(tx(() -> store().findByTokenHash(s.tokenHash()))).isEmpty();
        assertThat(tx(() -> store().touch(s.sessionId(), now()))).isFalse();
    }

    @Test
    @DisplayName("deleteAll ends every session of the patient in the institution, and no other")
    void deleteAllEndsOnlyThePatientsSessions() {
        InstitutionId clinic = randomInstitution();
        InstitutionId other = randomInstitution();
        PatientId patient = randomPatient();
        PatientId neighbour = randomPatient();
        SessionRecord a = stored(clinic, patient);
        SessionRecord b = stored(clinic, patient);
        SessionRecord c = stored(clinic, neighbour);
        SessionRecord d = stored(other, patient);
        assertThat(tx(() -> store().deleteAll(clinic, patient))).isEqualTo(2);
        assertThat(tx(() -> store().findByTokenHash(a.tokenHash()))).isEmpty();
        assertThat(tx(() -> store().findByTokenHash(b.tokenHash()))).isEmpty();
        assertThat(tx(() -> store().findByTokenHash(c.tokenHash()))).contains(c);
        assertThat(tx(() -> store().findByTokenHash(d.tokenHash()))).contains(d);
        assertThat(tx(() -> store().deleteAll(clinic, patient))).isZero();
    }

    @Test
    @DisplayName("50 threads deleting one session at once: exactly one succeeds")
    void parallelDeleteSucceedsOnce() throws Exception {
        SessionRecord s = stored(randomInstitution(), randomPatient());
        List<Boolean> won = race(50, i -> tx(() -> store().delete(s.sessionId())));
        assertThat(won.stream().filter(w -> w)).hasSize(1);
    }

    @Test
    @DisplayName("50 threads touching one session at once: the latest time wins")
    void parallelTouchKeepsLatest() throws Exception {
        SessionRecord s = stored(randomInstitution(), randomPatient());
        race(50, i -> tx(() -> store().touch(s.sessionId(), s.lastSeenAt().plusSeconds(i + 1L))));
        assertThat(tx(() -> store().findByTokenHash(s.tokenHash())).orElseThrow().lastSeenAt())
                .isEqualTo(s.lastSeenAt().plusSeconds(50));
    }
}
