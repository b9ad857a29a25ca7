package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.authFailure;
import static dev.patientportal.auth.LoginFixture.wrong;
import static dev.patientportal.core.AuthenticationException.Reason.LOCKED;
import static dev.patientportal.core.AuthenticationException.Reason.WRONG_CODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * NIST SP 800-63B rev 4 (at most 100 consecutive failures; a new code does not reset the count) and DESIGN section 1
 * (TAJ is not a secret, so TAJ + SMS is one factor and needs a lockout): 10 consecutive wrong codes across challenges
 * lock the identity for 30 s, each further one doubles the lockout up to 1 h, and only a successful login resets it.
 */
class ConsecutiveFailuresLockTheIdentityTest {
    private final LoginFixture f = LoginFixture.builder()
            .settings(AuthSettings.builder().sendsPerPhone(1_000, 1_000).build())
            .build();

    private void failOnce(PatientProfile p, Challenge c) {
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, wrong(f.codeFor(p, Factor.SMS))))
                        .reason())
                .isEqualTo(WRONG_CODE);
    }

    @Test
    @DisplayName("10 wrong codes over two challenges lock login for 30 s; then 60 s, 120 s, ... up to 1 h")
    void growingBackoff() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        for (int challenge = 0; challenge < 2; challenge++) {
            Challenge c = f.start(f.tajRequest(p));
            for (int i = 0; i < 5; i++) {
                failOnce(p, c);
            }
        }
        AuthenticationException locked = authFailure(() -> f.start(f.tajRequest(p)));
        assertThat(locked.reason()).isEqualTo(LOCKED);
        assertThat(locked.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        long sent = f.codes().messages().size();

        Duration expected = Duration.ofSeconds(60);
        for (int round = 0; round < 10; round++) {
            f.clock().advance(authFailure(() -> f.start(f.tajRequest(p))).retryAfter());
            Challenge c = f.start(f.tajRequest(p));
            failOnce(p, c);
            AuthenticationException again = authFailure(() -> f.verify(c, Factor.SMS, f.codeFor(p, Factor.SMS)));
            assertThat(again.reason()).isEqualTo(LOCKED);
            assertThat(again.retryAfter()).isEqualTo(expected);
            expected = expected.multipliedBy(2).compareTo(Duration.ofHours(1)) > 0
                    ? Duration.ofHours(1)
                    : expected.multipliedBy(2);
        }
        assertThat(f.codes().messages().size() - sent)
                .as("one code per permitted start only")
                .isEqualTo(10);
    }

    /** A lockout store as slow as a database round trip, so that parallel requests really interleave. */
    static final class SlowLockouts implements LockoutStore {
        private final LockoutStore delegate = LockoutStore.inMemory();

        private static void pause() {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public FailureRecord recordFailure(String key, Instant at) {
            pause();
            return delegate.recordFailure(key, at);
        }

        @Override
        public Optional<FailureRecord> find(String key) {
            pause();
            return delegate.find(key);
        }

        @Override
        public void reset(String key) {
            delegate.reset(key);
        }
    }

    @Test
    @DisplayName("parallel wrong codes over many challenges compare no more codes than the lockout threshold")
    void parallelGuessesAcrossChallengesStopAtTheThreshold() throws Exception {
        LoginFixture slow = LoginFixture.builder()
                .settings(AuthSettings.builder()
                        .sendsPerPhone(1_000, 1_000)
                        .lockoutThreshold(3)
                        .build())
                .stores(AuthStores.of(
                        ChallengeStore.inMemory(),
                        SessionStore.inMemory(),
                        new SlowLockouts(),
                        RateLimitStore.inMemory()))
                .build();
        PatientProfile p = slow.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        List<Challenge> challenges = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            challenges.add(slow.start(slow.tajRequest(p)));
        }
        String wrongCode = wrong(slow.codeFor(p, Factor.SMS));
        List<Race.Outcome<Object>> outcomes =
                Race.run(40, i -> () -> slow.verify(challenges.get(i % 8), Factor.SMS, wrongCode));
        long compared = outcomes.stream()
                .filter(o -> o.failure() instanceof AuthenticationException a && a.reason() == WRONG_CODE)
                .count();
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isInstanceOf(AuthenticationException.class));
        assertThat(compared).as("codes compared before the lock took hold").isBetween(1L, 3L);
        assertThat(authFailure(() -> slow.start(slow.tajRequest(p))).reason()).isEqualTo(LOCKED);
    }

    @Test
    @DisplayName("a resent code does not reset the count; a successful login does")
    void onlySuccessResets() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        for (int i = 0; i < 4; i++) {
            failOnce(p, c);
        }
        f.clock().advance(Duration.ofMinutes(1));
        f.login.resend(c.institution(), c.id(), Factor.SMS, LoginFixture.REQUEST);
        failOnce(p, c);
        Challenge d = f.start(f.tajRequest(p));
        for (int i = 0; i < 4; i++) {
            failOnce(p, d);
        }
        assertThat(f.verify(d, Factor.SMS, f.codeFor(p, Factor.SMS)).isComplete())
                .isTrue();
        // Nine failures were forgotten: nine more do not lock.
        for (int k = 0; k < 2; k++) {
            Challenge e = f.start(f.tajRequest(p));
            for (int i = 0; i < (k == 0 ? 5 : 4); i++) {
                failOnce(p, e);
            }
        }
        assertThat(f.start(f.tajRequest(p)).factors()).containsExactly(Factor.SMS);
    }

    @Test
    @DisplayName("the lockout belongs to the identity: another patient is not affected")
    void lockoutIsPerIdentity() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        PatientProfile other = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        for (int challenge = 0; challenge < 2; challenge++) {
            Challenge c = f.start(f.tajRequest(p));
            for (int i = 0; i < 5; i++) {
                failOnce(p, c);
            }
        }
        assertThat(authFailure(() -> f.start(f.tajRequest(p))).reason()).isEqualTo(LOCKED);
        assertThat(f.logIn(other, AccessMethod.TAJ_AND_PHONE).patient()).isEqualTo(other.patient());
    }

    @Test
    @DisplayName("the threshold is configurable up to NIST's 100")
    void configurableThreshold() {
        LoginFixture g = LoginFixture.builder()
                .settings(AuthSettings.builder()
                        .lockoutThreshold(3)
                        .lockoutBackoff(Duration.ofMinutes(1), Duration.ofMinutes(2))
                        .build())
                .build();
        PatientProfile p = g.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = g.start(g.tajRequest(p));
        for (int i = 0; i < 3; i++) {
            authFailure(() -> g.verify(c, Factor.SMS, wrong(g.codeFor(p, Factor.SMS))));
        }
        AuthenticationException e = authFailure(() -> g.verify(c, Factor.SMS, g.codeFor(p, Factor.SMS)));
        assertThat(e.reason()).isEqualTo(LOCKED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    }
}
