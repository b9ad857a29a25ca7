package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.authFailure;
import static dev.patientportal.core.AuthenticationException.Reason.CONSUMED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.PatientProfile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** NIST SP 800-63B rev 4 and ASVS 6.5.1: a code is accepted once; a completed challenge accepts nothing more. */
class CodesAreSingleUseTest {
    private final LoginFixture f = LoginFixture.create();

    @Test
    @DisplayName("the code of a completed login is refused as consumed")
    void completedChallengeRefusesTheCodeAgain() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);
        assertThat(f.verify(c, Factor.SMS, code).isComplete()).isTrue();
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, code)).reason()).isEqualTo(CONSUMED);
        assertThat(authFailure(() -> f.login.resend(c.institution(), c.id(), Factor.SMS, LoginFixture.REQUEST))
                        .reason())
                .isEqualTo(CONSUMED);
    }

    @Test
    @DisplayName("a verified factor's code is refused as consumed while the other factor is pending")
    void verifiedFactorRefusesItsCodeAgain() {
        PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        Challenge c = f.start(f.emailRequest(p));
        String email = f.codeFor(p, Factor.EMAIL);
        assertThat(f.verify(c, Factor.EMAIL, email).remaining()).containsExactly(Factor.SMS);
        assertThat(authFailure(() -> f.verify(c, Factor.EMAIL, email)).reason()).isEqualTo(CONSUMED);
        assertThat(f.verify(c, Factor.SMS, f.codeFor(p, Factor.SMS)).isComplete())
                .isTrue();
    }

    @Test
    @DisplayName("a new login gets a new code; the old challenge's code does not open it")
    void newLoginNewCode() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        String old = f.codeFor(p, Factor.SMS);
        Challenge second = f.start(f.tajRequest(p));
        String fresh = f.codeFor(p, Factor.SMS);
        if (!old.equals(fresh)) { // one chance in a million that the new code is the same
            assertThat(authFailure(() -> f.verify(second, Factor.SMS, old)).reason())
                    .isEqualTo(dev.patientportal.core.AuthenticationException.Reason.WRONG_CODE);
        }
        assertThat(f.verify(second, Factor.SMS, fresh).isComplete()).isTrue();
    }
}
