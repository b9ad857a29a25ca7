package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.authFailure;
import static dev.patientportal.auth.LoginFixture.wrong;
import static dev.patientportal.core.AuthenticationException.Reason.LOCKED;
import static dev.patientportal.core.AuthenticationException.Reason.WRONG_CODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.testkit.Race;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * NIST SP 800-63B rev 4 and ASVS 6.6.3: a challenge accepts at most 5 wrong codes, counted atomically even under 200
 * parallel guesses, and a resend does not give the attempts back.
 */
class AtMostFiveWrongCodesPerChallengeTest {
    private final LoginFixture f = LoginFixture.create();

    @Test
    @DisplayName("200 threads with wrong codes: exactly 5 counted, none accepted, then the right code is refused")
    void twoHundredParallelWrongCodes() throws Exception {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);

        List<Race.Outcome<VerifyResult>> outcomes = Race.run(
                200,
                i -> () ->
                        f.verify(c, Factor.SMS, String.format("%06d", (Integer.parseInt(code) + 1 + i) % 1_000_000)));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.result()).isNull());
        List<AuthenticationException> failures = outcomes.stream()
                .map(o -> (AuthenticationException) o.failure())
                .toList();
        assertThat(failures.stream().filter(e -> e.reason() == WRONG_CODE).map(AuthenticationException::attemptsLeft))
                .containsExactlyInAnyOrder(4, 3, 2, 1, 0);
        assertThat(failures.stream().filter(e -> e.reason() == LOCKED)).hasSize(195);
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, code)).reason()).isEqualTo(LOCKED);
    }

    @Test
    @DisplayName("attempts count down 4, 3, 2, 1, 0, then the challenge is locked even for the right code")
    void sequentialWrongCodes() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);
        for (int left = 4; left >= 0; left--) {
            AuthenticationException e = authFailure(() -> f.verify(c, Factor.SMS, wrong(code)));
            assertThat(e.reason()).isEqualTo(WRONG_CODE);
            assertThat(e.attemptsLeft()).isEqualTo(left);
        }
        AuthenticationException locked = authFailure(() -> f.verify(c, Factor.SMS, code));
        assertThat(locked.reason()).isEqualTo(LOCKED);
        assertThat(locked.retryAfter()).isNull();
    }

    @Test
    @DisplayName("a resent code does not reset the attempts of the challenge")
    void resendKeepsTheCount() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String first = f.codeFor(p, Factor.SMS);
        for (int i = 0; i < 3; i++) {
            authFailure(() -> f.verify(c, Factor.SMS, wrong(first)));
        }
        f.clock().advance(Duration.ofSeconds(60));
        f.login.resend(c.institution(), c.id(), Factor.SMS, LoginFixture.REQUEST);
        String second = f.codeFor(p, Factor.SMS);
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, wrong(second))).attemptsLeft())
                .isEqualTo(1);
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, wrong(second))).attemptsLeft())
                .isZero();
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, second)).reason()).isEqualTo(LOCKED);
    }

    @Test
    @DisplayName("correct codes do not spend attempts: two factors leave all 5 wrong codes to the patient")
    void correctCodesAreNotFailures() {
        PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        Challenge c = f.start(f.emailRequest(p));
        String sms = f.codeFor(p, Factor.SMS);
        f.verify(c, Factor.EMAIL, f.codeFor(p, Factor.EMAIL));
        for (int left = 4; left >= 1; left--) {
            assertThat(authFailure(() -> f.verify(c, Factor.SMS, wrong(sms))).attemptsLeft())
                    .isEqualTo(left);
        }
        assertThat(f.verify(c, Factor.SMS, sms).isComplete()).isTrue();
    }
}
