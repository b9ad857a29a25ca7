package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.authFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OWASP ASVS 7.4.1 and DESIGN section 4 ("revoking ends every session of that patient at once"): a login that
 * completes while staff revoke or change the grant must not leave a session behind, whichever of the two writes first.
 */
class LoginRacingAGrantChangeTest {
    /** A session store that lets the test run a grant change right before the login's session is written. */
    static final class InterleavingSessions implements SessionStore {
        final SessionStore delegate = SessionStore.inMemory();
        final AtomicReference<Runnable> beforeInsert = new AtomicReference<>(() -> {});

        @Override
        public void insert(SessionRecord session) {
            beforeInsert.getAndSet(() -> {}).run();
            delegate.insert(session);
        }

        @Override
        public Optional<SessionRecord> findByTokenHash(byte[] tokenHash) {
            return delegate.findByTokenHash(tokenHash);
        }

        @Override
        public boolean touch(String sessionId, Instant seenAt) {
            return delegate.touch(sessionId, seenAt);
        }

        @Override
        public boolean delete(String sessionId) {
            return delegate.delete(sessionId);
        }

        @Override
        public int deleteAll(InstitutionId institution, PatientId patient) {
            return delegate.deleteAll(institution, patient);
        }
    }

    private final InterleavingSessions sessions = new InterleavingSessions();
    private final LoginFixture f = LoginFixture.builder()
            .stores(AuthStores.of(ChallengeStore.inMemory(), sessions, LockoutStore.inMemory(),
                    RateLimitStore.inMemory()))
            .build();

    @Test
    @DisplayName("staff change the method after the login checked the grant but before its session is written: "
            + "the login fails and leaves no session")
    void methodChangeBetweenCheckAndInsert() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        AccessGrant grant = f.grantOf(p);
        sessions.beforeInsert.set(() -> f.t.portal().administration(f.t.staff(f.clinic))
                .changeMethod(p.patient(), AccessMethod.EMAIL_AND_PHONE, grant.version()));

        AuthenticationException e = authFailure(() -> f.verify(c, Factor.SMS, f.codeFor(p, Factor.SMS)));

        assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.EXPIRED);
        assertThat(sessions.deleteAll(f.clinic, p.patient())).as("sessions left behind").isZero();
    }

    @Test
    @DisplayName("staff revoke after the login checked the grant but before its session is written: no session")
    void revocationBetweenCheckAndInsert() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        AccessGrant grant = f.grantOf(p);
        sessions.beforeInsert.set(() -> f.t.portal().administration(f.t.staff(f.clinic))
                .revoke(p.patient(), "test", grant.version()));

        assertThat(authFailure(() -> f.verify(c, Factor.SMS, f.codeFor(p, Factor.SMS))).reason())
                .isEqualTo(AuthenticationException.Reason.EXPIRED);
        assertThat(sessions.deleteAll(f.clinic, p.patient())).isZero();
    }
}
