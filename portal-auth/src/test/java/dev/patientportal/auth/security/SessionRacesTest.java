package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.LoginAuditActions;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.SessionGrant;
import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ASVS 7.4.1: logout and session resolution against a session store that other requests change between login's lookup
 * and its write (another logout, a sweep), and against a store whose index answers loosely. Logout tells the caller
 * whether it ended the session; a session ended meanwhile never resolves; only the token's own session resolves.
 */
class SessionRacesTest {
    /** A session store that runs a step of another request right after a lookup, or answers every lookup with one session. */
    static final class InterleavingSessions implements SessionStore {
        final SessionStore delegate = SessionStore.inMemory();
        final AtomicReference<Runnable> afterLookup = new AtomicReference<>(() -> {});
        volatile SessionRecord answerEveryLookup;

        @Override
        public void insert(SessionRecord session) {
            delegate.insert(session);
        }

        @Override
        public Optional<SessionRecord> findByTokenHash(byte[] tokenHash) {
            SessionRecord loose = answerEveryLookup;
            Optional<SessionRecord> found = loose != null ? Optional.of(loose) : delegate.findByTokenHash(tokenHash);
            afterLookup.getAndSet(() -> {}).run();
            return found;
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
            .stores(AuthStores.of(
                    ChallengeStore.inMemory(), sessions, LockoutStore.inMemory(), RateLimitStore.inMemory()))
            .build();

    private String lastLogoutResult() {
        var events = f.audit().events(LoginAuditActions.LOGOUT);
        assertThat(events).isNotEmpty();
        AuditEvent last = events.get(events.size() - 1);
        assertThat(last.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        return last.details().get("result");
    }

    @Test
    @DisplayName("logout answers true and audits 'ended' for a live session, false for one already gone")
    void logoutTellsWhetherItEndedTheSession() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        SessionGrant s = f.logIn(p, AccessMethod.TAJ_AND_PHONE);

        assertThat(f.login.logout(s.token(), REQUEST)).isTrue();
        assertThat(lastLogoutResult()).isEqualTo("ended");
        int audited = f.audit().events(LoginAuditActions.LOGOUT).size();

        assertThat(f.login.logout(s.token(), REQUEST)).isFalse();
        assertThat(f.login.logout("A".repeat(43), REQUEST)).isFalse();
        assertThat(f.login.logout(null, REQUEST)).isFalse();
        assertThat(f.audit().events(LoginAuditActions.LOGOUT))
                .as("a token that finds no session ends nothing and audits nothing")
                .hasSize(audited);
    }

    @Test
    @DisplayName("of two logouts racing on one session, the one that finds it already ended answers false")
    void racingLogoutsEndTheSessionOnce() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        SessionGrant s = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        AtomicReference<Boolean> other = new AtomicReference<>();
        sessions.afterLookup.set(() -> other.set(f.login.logout(s.token(), REQUEST)));

        assertThat(f.login.logout(s.token(), REQUEST)).isFalse();

        assertThat(other.get()).as("the other logout ended it").isTrue();
        assertThat(f.audit().events(LoginAuditActions.LOGOUT))
                .extracting(e -> e.details().get("result"))
                .containsExactly("ended", "already-ended");
        assertThat(f.login.resolve(s.token())).isEmpty();
    }

    @Test
    @DisplayName("a session logged out between resolve's lookup and its touch does not resolve")
    void sessionEndedDuringResolveIsRefused() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        SessionGrant s = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        sessions.afterLookup.set(() -> f.login.logout(s.token(), REQUEST));

        assertThat(f.login.resolve(s.token())).isEmpty();
        assertThat(f.login.resolve(s.token())).isEmpty();
    }

    @Test
    @DisplayName("a store whose lookup answers another session's record lets no other token in, nor out")
    void onlyTheTokensOwnSessionResolves() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        SessionGrant s = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        sessions.answerEveryLookup =
                sessions.delegate.findByTokenHash(hashOf(s)).orElseThrow();
        String forged = "A".repeat(43);

        assertThat(f.login.resolve(forged)).isEmpty();
        assertThat(f.login.logout(forged, REQUEST)).isFalse();
        assertThat(f.login.resolve(s.token()))
                .as("the real token still resolves, and the forged one ended nothing")
                .hasValueSatisfying(session -> assertThat(session.patient()).isEqualTo(p.patient()));
    }

    private static byte[] hashOf(SessionGrant s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.token().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
