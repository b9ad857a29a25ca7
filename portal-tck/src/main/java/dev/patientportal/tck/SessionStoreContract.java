package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SessionStore}: sessions are found by token hash only, with every field as stored (the grant
 * version they are bound to included), touched forward only, and deleted at most once; ending all sessions of a patient
 * ends exactly those; with real threads.
 */
public abstract class SessionStoreContract extends SpiContract<SessionStore> {
    /** A grant version that does not fit an {@code int}, so a store that narrows it fails. */
    private static final long GRANT_VERSION = (1L << 31) + 7;

    /** For subclasses. */
    protected SessionStoreContract() {}

    private SessionStore store() {
        return underTest();
    }

    /**
     * A new session with a random id and token hash, bound to a grant version above 2^31, not yet stored.
     *
     * @param institution the institution
     * @param patient the patient
     * @return the session
     */
    protected SessionRecord newSession(InstitutionId institution, PatientId patient) {
        Instant now = Fresh.now();
        return new SessionRecord(
                Fresh.id(16),
                Fresh.bytes(32),
                institution,
                patient,
                now,
                now,
                now.plus(Duration.ofHours(12)),
                GRANT_VERSION);
    }

    private SessionRecord stored(InstitutionId institution, PatientId patient) {
        SessionRecord s = newSession(institution, patient);
        inUnitOfWork(() -> store().insert(s));
        return s;
    }

    @Nested
    @DisplayName("writes and reads")
    class WritesAndReads {
        @Test
        @DisplayName("a stored session is found by its token hash, and only by it")
        void foundByTokenHash() {
            SessionRecord s = stored(Fresh.institution(), Fresh.patient());
            assertThat(inUnitOfWork(() -> store().findByTokenHash(s.tokenHash())))
                    .contains(s);
            assertThat(inUnitOfWork(() -> store().findByTokenHash(Fresh.bytes(32))))
                    .isEmpty();
        }

        @Test
        @DisplayName("a session keeps the grant version it is bound to, through touches, and sessions keep their own")
        void grantVersionIsKept() {
            InstitutionId clinic = Fresh.institution();
            PatientId patient = Fresh.patient();
            SessionRecord high = stored(clinic, patient);
            SessionRecord s = newSession(clinic, patient);
            SessionRecord low = new SessionRecord(
                    s.sessionId(),
                    s.tokenHash(),
                    clinic,
                    patient,
                    s.createdAt(),
                    s.lastSeenAt(),
                    s.absoluteExpiresAt(),
                    1);
            inUnitOfWork(() -> store().insert(low));
            assertThat(inUnitOfWork(() ->
                            store().touch(high.sessionId(), high.lastSeenAt().plusSeconds(5))))
                    .isTrue();
            assertThat(inUnitOfWork(() -> store().findByTokenHash(high.tokenHash()))
                            .orElseThrow()
                            .grantVersion())
                    .isEqualTo(GRANT_VERSION);
            assertThat(inUnitOfWork(() -> store().findByTokenHash(low.tokenHash())))
                    .contains(low);
        }

        @Test
        @DisplayName("inserting an existing session id or token hash is a conflict")
        void duplicatesAreConflicts() {
            SessionRecord s = stored(Fresh.institution(), Fresh.patient());
            SessionRecord sameHash = new SessionRecord(
                    Fresh.id(16),
                    s.tokenHash(),
                    s.institution(),
                    s.patient(),
                    s.createdAt(),
                    s.lastSeenAt(),
                    s.absoluteExpiresAt(),
                    s.grantVersion());
            assertThatThrownBy(() -> inUnitOfWork(() -> store().insert(sameHash)))
                    .isInstanceOf(ConflictException.class);
            SessionRecord sameId = new SessionRecord(
                    s.sessionId(),
                    Fresh.bytes(32),
                    s.institution(),
                    s.patient(),
                    s.createdAt(),
                    s.lastSeenAt(),
                    s.absoluteExpiresAt(),
                    s.grantVersion());
            assertThatThrownBy(() -> inUnitOfWork(() -> store().insert(sameId))).isInstanceOf(ConflictException.class);
            assertThat(inUnitOfWork(() -> store().findByTokenHash(s.tokenHash())))
                    .contains(s);
        }
    }

    @Nested
    @DisplayName("touch and delete")
    class TouchAndDelete {
        @Test
        @DisplayName("touch moves lastSeenAt forward, never back, and answers false for an unknown session")
        void touchMovesForward() {
            SessionRecord s = stored(Fresh.institution(), Fresh.patient());
            Instant later = s.lastSeenAt().plus(Duration.ofMinutes(3));
            assertThat(inUnitOfWork(() -> store().touch(s.sessionId(), later))).isTrue();
            assertThat(inUnitOfWork(() -> store().touch(s.sessionId(), s.lastSeenAt())))
                    .isTrue();
            SessionRecord found =
                    inUnitOfWork(() -> store().findByTokenHash(s.tokenHash())).orElseThrow();
            assertThat(found.lastSeenAt()).isEqualTo(later);
            assertThat(found.absoluteExpiresAt()).isEqualTo(s.absoluteExpiresAt());
            assertThat(inUnitOfWork(() -> store().touch(Fresh.id(16), later))).isFalse();
        }

        @Test
        @DisplayName("delete ends a session once")
        void deleteOnce() {
            SessionRecord s = stored(Fresh.institution(), Fresh.patient());
            assertThat(inUnitOfWork(() -> store().delete(s.sessionId()))).isTrue();
            assertThat(inUnitOfWork(() -> store().delete(s.sessionId()))).isFalse();
            assertThat(inUnitOfWork(() -> store().findByTokenHash(s.tokenHash())))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().touch(s.sessionId(), Fresh.now())))
                    .isFalse();
        }

        @Test
        @DisplayName("deleteAll ends every session of the patient in the institution, and no other")
        void deleteAllEndsOnlyThePatientsSessions() {
            InstitutionId clinic = Fresh.institution();
            InstitutionId other = Fresh.institution();
            PatientId patient = Fresh.patient();
            PatientId neighbour = Fresh.patient();
            SessionRecord a = stored(clinic, patient);
            SessionRecord b = stored(clinic, patient);
            SessionRecord c = stored(clinic, neighbour);
            SessionRecord d = stored(other, patient);
            assertThat(inUnitOfWork(() -> store().deleteAll(clinic, patient))).isEqualTo(2);
            assertThat(inUnitOfWork(() -> store().findByTokenHash(a.tokenHash())))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().findByTokenHash(b.tokenHash())))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().findByTokenHash(c.tokenHash())))
                    .contains(c);
            assertThat(inUnitOfWork(() -> store().findByTokenHash(d.tokenHash())))
                    .contains(d);
            assertThat(inUnitOfWork(() -> store().deleteAll(clinic, patient))).isZero();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("50 threads deleting one session at once: exactly one succeeds")
        void parallelDeleteSucceedsOnce() {
            SessionRecord s = stored(Fresh.institution(), Fresh.patient());
            List<Boolean> won =
                    Fresh.resultsOf(Race.run(50, i -> () -> inUnitOfWork(() -> store().delete(s.sessionId()))));
            assertThat(won.stream().filter(w -> w)).hasSize(1);
        }

        @Test
        @DisplayName("50 threads touching one session at once: the latest time wins")
        void parallelTouchKeepsLatest() {
            SessionRecord s = stored(Fresh.institution(), Fresh.patient());
            Fresh.resultsOf(Race.run(
                    50,
                    i -> () -> inUnitOfWork(
                            () -> store().touch(s.sessionId(), s.lastSeenAt().plusSeconds(i + 1L)))));
            assertThat(inUnitOfWork(() -> store().findByTokenHash(s.tokenHash()))
                            .orElseThrow()
                            .lastSeenAt())
                    .isEqualTo(s.lastSeenAt().plusSeconds(50));
        }
    }
}
