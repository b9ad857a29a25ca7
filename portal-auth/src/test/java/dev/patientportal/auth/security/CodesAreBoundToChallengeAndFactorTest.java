package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static dev.patientportal.auth.LoginFixture.authFailure;
import static dev.patientportal.core.AuthenticationException.Reason.UNKNOWN_CHALLENGE;
import static dev.patientportal.core.AuthenticationException.Reason.WRONG_CODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.ValidationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ASVS 6.6.2: a code is bound to its challenge and its factor. A code of another challenge, of the other factor, or a
 * challenge of another institution opens nothing.
 */
class CodesAreBoundToChallengeAndFactorTest {
    private final LoginFixture f = LoginFixture.create();

    @Test
    @DisplayName("the code of another challenge is a wrong code")
    void crossChallengeCodeIsWrong() {
        PatientProfile alice = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        PatientProfile bob = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge a = f.start(f.tajRequest(alice));
        String aliceCode = f.codeFor(alice, Factor.SMS);
        Challenge b = f.start(f.tajRequest(bob));
        String bobCode = f.codeFor(bob, Factor.SMS);
        if (!aliceCode.equals(bobCode)) {
            assertThat(authFailure(() -> f.verify(b, Factor.SMS, aliceCode)).reason())
                    .isEqualTo(WRONG_CODE);
            assertThat(authFailure(() -> f.verify(a, Factor.SMS, bobCode)).reason())
                    .isEqualTo(WRONG_CODE);
        }
        // Even the same digits under another challenge id do not match: the HMAC covers the id.
        Challenge a2 = f.start(f.tajRequest(alice));
        assertThat(f.verify(a2, Factor.SMS, f.codeFor(alice, Factor.SMS)).isComplete())
                .isTrue();
    }

    @Test
    @DisplayName("the e-mail code submitted for the SMS factor is a wrong code, and the other way round")
    void crossFactorCodeIsWrong() {
        PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        Challenge c = f.start(f.emailRequest(p));
        String email = f.codeFor(p, Factor.EMAIL);
        String sms = f.codeFor(p, Factor.SMS);
        if (!email.equals(sms)) {
            assertThat(authFailure(() -> f.verify(c, Factor.SMS, email)).reason())
                    .isEqualTo(WRONG_CODE);
            assertThat(authFailure(() -> f.verify(c, Factor.EMAIL, sms)).reason())
                    .isEqualTo(WRONG_CODE);
        }
        f.verify(c, Factor.EMAIL, email);
        assertThat(f.verify(c, Factor.SMS, sms).isComplete()).isTrue();
    }

    @Test
    @DisplayName("a factor the challenge does not have is a validation error naming the factor")
    void missingFactor() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        assertThatThrownBy(() -> f.verify(c, Factor.EMAIL, f.codeFor(p, Factor.SMS)))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("factor"));
    }

    @Test
    @DisplayName("a challenge presented to another institution, or an invented one, is unknown")
    void foreignAndInventedChallenges() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);
        assertThat(authFailure(() ->
                                f.login.verify(InstitutionId.of("other-clinic"), c.id(), Factor.SMS, code, REQUEST))
                        .reason())
                .isEqualTo(UNKNOWN_CHALLENGE);
        assertThat(authFailure(() ->
                                f.login.verify(c.institution(), "AAAAAAAAAAAAAAAAAAAAAA", Factor.SMS, code, REQUEST))
                        .reason())
                .isEqualTo(UNKNOWN_CHALLENGE);
        assertThat(authFailure(() -> f.login.verify(c.institution(), null, Factor.SMS, code, REQUEST))
                        .reason())
                .isEqualTo(UNKNOWN_CHALLENGE);
        assertThat(f.verify(c, Factor.SMS, code).isComplete()).isTrue();
    }
}
