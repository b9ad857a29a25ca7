package dev.patientportal.auth;

import static dev.patientportal.auth.LoginFixture.authFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.PortalMetricsListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Login tells its metrics listener of every completed and every refused login, and survives one that throws. */
class LoginMetricsTest {
    /** Writes what it hears, PHI-free by construction: institution and reason. */
    static final class Recording implements PortalMetricsListener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void loginSucceeded(InstitutionId institution) {
            heard.add("success " + institution.value());
        }

        @Override
        public void loginFailed(InstitutionId institution, Reason reason) {
            heard.add(reason + " " + institution.value());
        }
    }

    @Test
    void aCompletedLogin_isOneSuccess_andAWrongCodeIsOneFailureWithItsReason() {
        Recording metrics = new Recording();
        LoginFixture f = LoginFixture.builder().metrics(metrics).build();
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);
        authFailure(() -> f.verify(c, Factor.SMS, LoginFixture.wrong(code)));
        assertThat(metrics.heard).containsExactly("WRONG_CODE " + f.clinic.value());
        f.verify(c, Factor.SMS, code);
        assertThat(metrics.heard).containsExactly("WRONG_CODE " + f.clinic.value(), "success " + f.clinic.value());
    }

    @Test
    void aTwoFactorLogin_isOneSuccess_notOnePerFactor() {
        Recording metrics = new Recording();
        LoginFixture f = LoginFixture.builder().metrics(metrics).build();
        PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        f.logIn(p, AccessMethod.EMAIL_AND_PHONE);
        assertThat(metrics.heard).containsExactly("success " + f.clinic.value());
    }

    @Test
    void refusedStartsAndResends_countWithTheirReason_decoysAlike_andBadInputIsNoLoginFailure() {
        Recording metrics = new Recording();
        LoginFixture f = LoginFixture.builder().metrics(metrics).build();
        PatientProfile unknown = f.patientWithoutGrant();
        Challenge decoy = f.start(f.tajRequest(unknown));
        // A resend before the cool-down is refused, for a decoy as for a real challenge.
        authFailure(() -> f.login.resend(decoy.institution(), decoy.id(), Factor.SMS, LoginFixture.REQUEST));
        authFailure(() -> f.login.verify(f.clinic, "no-such-challenge", Factor.SMS, "123456", LoginFixture.REQUEST));
        f.clock().advance(Duration.ofHours(1));
        authFailure(() -> f.verify(decoy, Factor.SMS, "123456"));
        Assertions.assertThatThrownBy(() -> f.start(new TajAndPhone(f.clinic, "123456789", "+36201234567")))
                .isInstanceOf(ValidationException.class);
        String clinic = f.clinic.value();
        assertThat(metrics.heard)
                .containsExactly("RATE_LIMITED " + clinic, "UNKNOWN_CHALLENGE " + clinic, "EXPIRED " + clinic);
    }

    @Test
    void aListenerThatThrows_breaksNoLogin() {
        PortalMetricsListener broken = new PortalMetricsListener() {
            @Override
            public void loginSucceeded(InstitutionId institution) {
                throw new IllegalStateException("registry down");
            }

            @Override
            public void loginFailed(InstitutionId institution, Reason reason) {
                throw new IllegalStateException("registry down");
            }
        };
        LoginFixture f = LoginFixture.builder().metrics(broken).build();
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);
        assertThat(authFailure(() -> f.verify(c, Factor.SMS, LoginFixture.wrong(code)))
                        .reason())
                .isEqualTo(Reason.WRONG_CODE);
        assertThat(f.verify(c, Factor.SMS, code).session()).isPresent();
    }
}
