package dev.patientportal.auth.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginAuditActions;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.testkit.Race;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ASVS 6.5.1 and 15.4.2, and the bug "an SMS code accepted twice under concurrent logins": 50 threads submitting the
 * correct code at once get exactly one session.
 */
class ParallelCorrectCodesYieldOneSessionTest {
    @Test
    @DisplayName("50 threads with the correct SMS code: exactly one session, everyone else refused")
    void oneSessionFromFiftyCorrectCodes() throws Exception {
        LoginFixture f = LoginFixture.create();
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);

        List<Race.Outcome<VerifyResult>> outcomes = Race.run(50, i -> () -> f.verify(c, Factor.SMS, code));

        assertThat(outcomes.stream()
                        .filter(o -> o.result() != null && o.result().isComplete()))
                .hasSize(1);
        assertThat(outcomes.stream().filter(o -> o.failure() != null))
                .hasSize(49)
                .allSatisfy(o -> assertThat(o.failure())
                        .isInstanceOfSatisfying(
                                AuthenticationException.class,
                                e -> assertThat(e.reason())
                                        .isIn(
                                                AuthenticationException.Reason.CONSUMED,
                                                AuthenticationException.Reason.LOCKED)));
        assertThat(f.audit().events(LoginAuditActions.VERIFY).stream()
                        .filter(e -> "login-complete".equals(e.details().get("result"))))
                .hasSize(1);
    }

    @Test
    @DisplayName("e-mail + phone, 25 threads per factor with the correct codes: exactly one session")
    void oneSessionFromParallelFactors() throws Exception {
        for (int round = 0; round < 5; round++) {
            LoginFixture f = LoginFixture.create();
            PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
            Challenge c = f.start(f.emailRequest(p));
            String sms = f.codeFor(p, Factor.SMS);
            String email = f.codeFor(p, Factor.EMAIL);

            List<Race.Outcome<VerifyResult>> outcomes = Race.run(
                    50, i -> () -> i % 2 == 0 ? f.verify(c, Factor.SMS, sms) : f.verify(c, Factor.EMAIL, email));

            assertThat(outcomes.stream()
                            .filter(o -> o.result() != null && o.result().isComplete()))
                    .hasSize(1);
            assertThat(outcomes.stream()
                            .filter(o -> o.result() != null && !o.result().isComplete()))
                    .hasSize(1);
        }
    }
}
