package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.authFailure;
import static dev.patientportal.auth.LoginFixture.wrong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.TemporaryFailureException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bug "a lockout counter write rolled back with the failed login (unlimited guesses)": the attempt and the
 * identity's failure are counted in a unit of work of login's own that commits before the code is compared, so a
 * rollback of what follows cannot undo them, and no code is compared unless both are committed.
 * The stores here run under a runner that really rolls back a unit that throws.
 */
class FailedAttemptSurvivesRollbackTest {
    private final RawStores raw = new RawStores();

    @Test
    @DisplayName("the audit of a wrong code fails and rolls back: the attempt and the lockout count stay counted")
    void failingAuditDoesNotUndoTheCount() {
        LoginFixture f = LoginFixture.builder()
                .stores(raw.stores)
                .transactions(raw)
                .audit(real -> event -> {
                    if (event.outcome() == AuditEvent.Outcome.DENIED) {
                        throw new TemporaryFailureException("audit store down");
                    }
                    real.record(event);
                })
                .build();
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);

        for (int left = 4; left >= 0; left--) {
            AuthenticationException e = authFailure(() -> f.verify(c, Factor.SMS, wrong(code)));
            assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.WRONG_CODE);
            assertThat(e.attemptsLeft()).isEqualTo(left);
            assertThat(e.getSuppressed()).singleElement().isInstanceOf(TemporaryFailureException.class);
        }
        assertThat(raw.rollbacks.get()).isEqualTo(5);
        assertThat(raw.challenges.get(c.id()).attemptsLeft()).isZero();
        assertThat(raw.failures.values())
                .singleElement()
                .extracting(FailureRecord::consecutiveFailures)
                .isEqualTo(5);
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, code)).reason())
                .isEqualTo(AuthenticationException.Reason.LOCKED);
    }

    @Test
    @DisplayName("the lockout store fails while the attempt is counted: no code is compared, none is half-counted")
    void failingLockoutStoreComparesNoCode() {
        LockoutStore failing = new LockoutStore() {
            @Override
            public FailureRecord recordFailure(String key, Instant at) {
                throw new TemporaryFailureException("database down");
            }

            @Override
            public Optional<FailureRecord> find(String key) {
                return raw.stores.lockouts().find(key);
            }

            @Override
            public void reset(String key) {
                raw.stores.lockouts().reset(key);
            }
        };
        AuthStores stores =
                AuthStores.of(raw.stores.challenges(), raw.stores.sessions(), failing, raw.stores.rateLimits());
        LoginFixture f = LoginFixture.builder().stores(stores).transactions(raw).build();
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);
        int rollbacksBefore = raw.rollbacks.get();

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> f.verify(c, Factor.SMS, wrong(code)))
                    .isInstanceOf(TemporaryFailureException.class);
        }
        // The attempt and the identity's count are one unit of work, committed before the code is compared: the
        // failing count takes the attempt with it, and no code was compared.
        assertThat(raw.rollbacks.get() - rollbacksBefore).isEqualTo(5);
        assertThat(raw.challenges.get(c.id()).attemptsLeft()).isEqualTo(5);
        // Not even the right code is compared while its attempt cannot be counted against the identity.
        assertThatThrownBy(() -> f.verify(c, Factor.SMS, code)).isInstanceOf(TemporaryFailureException.class);
        assertThat(raw.sessions).isEmpty();
        assertThat(raw.challenges.get(c.id()).codes().get(Factor.SMS).verified())
                .isFalse();
    }

    @Test
    @DisplayName("a login whose success cannot be audited does not happen, yet its counters are not rolled back")
    void failingSuccessAuditRemovesTheSession() {
        LoginFixture f = LoginFixture.builder()
                .stores(raw.stores)
                .transactions(raw)
                .audit(real -> event -> {
                    if ("login-complete".equals(event.details().get("result"))) {
                        throw new TemporaryFailureException("audit store down");
                    }
                    real.record(event);
                })
                .build();
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);
        authFailure(() -> f.verify(c, Factor.SMS, wrong(code)));

        assertThatThrownBy(() -> f.verify(c, Factor.SMS, code)).isInstanceOf(TemporaryFailureException.class);
        assertThat(raw.sessions).isEmpty();
        assertThat(raw.challenges.get(c.id()).consumed()).isTrue();
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, code)).reason())
                .isEqualTo(AuthenticationException.Reason.CONSUMED);
    }
}
