package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static dev.patientportal.auth.LoginFixture.authFailure;
import static dev.patientportal.core.AuthenticationException.Reason.EXPIRED;
import static dev.patientportal.core.AuthenticationException.Reason.WRONG_CODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.PatientProfile;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** NIST SP 800-63B rev 4 and ASVS 6.5.5: a code is valid 5 minutes by default, never more than 10. */
class ExpiredCodesAreRefusedTest {
    private final LoginFixture f = LoginFixture.create();

    @Test
    @DisplayName("a code is accepted just before 5 minutes and refused at 5 minutes")
    void codeExpiresAfterFiveMinutes() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);
        f.clock().advance(Duration.ofMinutes(5));
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, code)).reason()).isEqualTo(EXPIRED);

        Challenge d = f.start(f.tajRequest(p));
        String second = f.codeFor(p, Factor.SMS);
        f.clock().advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(f.verify(d, Factor.SMS, second).isComplete()).isTrue();
    }

    @Test
    @DisplayName("an expired code is refused without spending an attempt")
    void expiredCodeSpendsNoAttempt() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        f.clock().advance(Duration.ofMinutes(6));
        for (int i = 0; i < 10; i++) {
            assertThat(authFailure(() -> f.verify(c, Factor.SMS, "000000")).reason())
                    .isEqualTo(EXPIRED);
        }
        f.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST);
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, LoginFixture.wrong(f.codeFor(p, Factor.SMS))))
                        .attemptsLeft())
                .isEqualTo(4);
    }

    @Test
    @DisplayName("after a resend the old code is wrong and the new one is valid for a fresh 5 minutes")
    void resendReplacesTheCode() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String old = f.codeFor(p, Factor.SMS);
        f.clock().advance(Duration.ofMinutes(4));
        Challenge resent = f.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST);
        assertThat(resent.expiresAt()).isEqualTo(f.clock().instant().plus(Duration.ofMinutes(5)));
        String fresh = f.codeFor(p, Factor.SMS);
        if (!old.equals(fresh)) {
            assertThat(authFailure(() -> f.verify(c, Factor.SMS, old)).reason()).isEqualTo(WRONG_CODE);
        }
        f.clock().advance(Duration.ofMinutes(4));
        assertThat(f.verify(c, Factor.SMS, fresh).isComplete()).isTrue();
    }

    @Test
    @DisplayName("resends cannot stretch a challenge past its lifetime of 15 minutes")
    void challengeLifetimeBoundsResends() {
        LoginFixture g = LoginFixture.builder()
                .settings(AuthSettings.builder().maxResendsPerChallenge(10).build())
                .build();
        PatientProfile p = g.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = g.start(g.tajRequest(p));
        g.clock().advance(Duration.ofMinutes(12));
        Challenge resent = g.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST);
        assertThat(resent.expiresAt())
                .isEqualTo(c.expiresAt().minus(Duration.ofMinutes(5)).plus(Duration.ofMinutes(15)));
        String code = g.codeFor(p, Factor.SMS);
        g.clock().advance(Duration.ofMinutes(3));
        assertThat(authFailure(() -> g.verify(c, Factor.SMS, code)).reason()).isEqualTo(EXPIRED);
        assertThat(authFailure(() -> g.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST))
                        .reason())
                .isEqualTo(EXPIRED);
    }

    @Test
    @DisplayName("a shorter validity is honoured")
    void configuredValidity() {
        LoginFixture g = LoginFixture.builder()
                .settings(AuthSettings.builder()
                        .codeValidity(Duration.ofMinutes(2))
                        .build())
                .build();
        PatientProfile p = g.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = g.start(g.tajRequest(p));
        assertThat(g.codes().messages().get(0).validFor()).isEqualTo(Duration.ofMinutes(2));
        g.clock().advance(Duration.ofMinutes(2));
        assertThat(authFailure(() -> g.verify(c, Factor.SMS, g.codeFor(p, Factor.SMS)))
                        .reason())
                .isEqualTo(EXPIRED);
    }
}
