package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static dev.patientportal.auth.LoginFixture.authFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.SessionGrant;
import dev.patientportal.core.AccessAdministration;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PatientProfile;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ASVS 7.2.3, 7.2.4, 7.4.1 and NIST AAL2 reauthentication: 256-bit random tokens, a new one at every login, idle and
 * absolute expiry on the server's clock, server-side logout, and every session ended when staff revoke or change the
 * grant.
 */
class SessionTokenLifecycleTest {
    private final LoginFixture f = LoginFixture.builder()
            .settings(AuthSettings.builder()
                    .sendsPerPhone(1_000, 1_000)
                    .sendsPerClientAddress(10_000, 10_000)
                    .sendsPerInstitution(10_000, 10_000)
                    .build())
            .build();

    @Test
    @DisplayName("tokens are 256 random bits, URL-safe, unique, with balanced bits, and new at every login")
    void tokensHaveFullEntropy() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Set<String> tokens = new HashSet<>();
        Set<String> ids = new HashSet<>();
        long ones = 0;
        int logins = 400;
        for (int i = 0; i < logins; i++) {
            SessionGrant s = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
            assertThat(s.token()).matches("[A-Za-z0-9_-]{43}");
            byte[] bits = Base64.getUrlDecoder().decode(s.token());
            assertThat(bits).hasSize(32);
            for (byte b : bits) {
                ones += Integer.bitCount(b & 0xff);
            }
            tokens.add(s.token());
            ids.add(s.sessionId());
        }
        assertThat(tokens).hasSize(logins);
        assertThat(ids).hasSize(logins).doesNotContainAnyElementsOf(tokens);
        double share = ones / (logins * 256.0);
        assertThat(share).isBetween(0.49, 0.51);
    }

    @Test
    @DisplayName("two logins get two tokens that live and end independently")
    void newTokenAtEveryLogin() {
        PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        SessionGrant first = f.logIn(p, AccessMethod.EMAIL_AND_PHONE);
        SessionGrant second = f.logIn(p, AccessMethod.EMAIL_AND_PHONE);
        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
        f.login.logout(first.token(), REQUEST);
        assertThat(f.login.resolve(first.token())).isEmpty();
        assertThat(f.login.resolve(second.token())).isPresent();
    }

    @Test
    @DisplayName("a session ends after 30 idle minutes; each use extends it")
    void idleTimeout() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        SessionGrant s = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        for (int i = 0; i < 3; i++) {
            f.clock().advance(Duration.ofMinutes(29));
            assertThat(f.t.portal().patient(s.token()).session().patient()).isEqualTo(p.patient());
        }
        f.clock().advance(Duration.ofMinutes(30));
        assertThat(f.login.resolve(s.token())).isEmpty();
        assertThatThrownBy(() -> f.t.portal().patient(s.token()))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.INVALID_SESSION));
        f.clock().advance(Duration.ofMinutes(-10));
        assertThat(f.login.resolve(s.token()))
                .as("an expired session is gone, not just hidden")
                .isEmpty();
    }

    @Test
    @DisplayName("a session ends after 12 hours however busy it is")
    void absoluteTimeout() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        SessionGrant s = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        assertThat(s.absoluteExpiresAt()).isEqualTo(f.clock().instant().plus(Duration.ofHours(12)));
        for (int i = 0; i < 35; i++) {
            f.clock().advance(Duration.ofMinutes(20));
            assertThat(f.login.resolve(s.token())).isPresent();
        }
        f.clock().advance(Duration.ofMinutes(20)); // 12 h
        assertThat(f.login.resolve(s.token())).isEmpty();
    }

    @Test
    @DisplayName("configured timeouts are honoured")
    void configuredTimeouts() {
        LoginFixture g = LoginFixture.builder()
                .settings(AuthSettings.builder()
                        .sessionIdleTimeout(Duration.ofMinutes(5))
                        .sessionAbsoluteTimeout(Duration.ofMinutes(20))
                        .build())
                .build();
        PatientProfile p = g.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        SessionGrant s = g.logIn(p, AccessMethod.TAJ_AND_PHONE);
        assertThat(s.idleExpiresAt()).isEqualTo(g.clock().instant().plus(Duration.ofMinutes(5)));
        g.clock().advance(Duration.ofMinutes(5));
        assertThat(g.login.resolve(s.token())).isEmpty();
    }

    @Test
    @DisplayName("revoking the grant ends every session of the patient, and a login in progress cannot complete")
    void revocationEndsSessions() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        PatientProfile other = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        SessionGrant a = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        SessionGrant b = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        SessionGrant c = f.logIn(other, AccessMethod.TAJ_AND_PHONE);
        Challenge pending = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);

        AccessAdministration admin = f.t.portal().administration(f.t.staff(f.clinic));
        admin.revoke(p.patient(), "moved away", f.grantOf(p).version());

        assertThat(f.login.resolve(a.token())).isEmpty();
        assertThat(f.login.resolve(b.token())).isEmpty();
        assertThat(f.login.resolve(c.token())).isPresent();
        assertThat(authFailure(() -> f.verify(pending, Factor.SMS, code)).reason())
                .isEqualTo(AuthenticationException.Reason.EXPIRED);
    }

    @Test
    @DisplayName("changing the method ends the sessions; switching SMS notifications does not")
    void grantChangesEndSessions() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        AccessAdministration admin = f.t.portal().administration(f.t.staff(f.clinic));
        SessionGrant s = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        AccessGrant g =
                admin.setSmsNotifications(p.patient(), true, f.grantOf(p).version());
        assertThat(f.login.resolve(s.token())).isPresent();
        admin.changeMethod(p.patient(), AccessMethod.EMAIL_AND_PHONE, g.version());
        assertThat(f.login.resolve(s.token())).isEmpty();
        assertThat(f.logIn(p, AccessMethod.EMAIL_AND_PHONE).token()).isNotEqualTo(s.token());
    }

    @Test
    @DisplayName("malformed, unknown and logged-out tokens resolve to nothing")
    void badTokens() {
        assertThat(f.login.resolve("")).isEmpty();
        assertThat(f.login.resolve("x".repeat(43))).isEmpty();
        assertThat(f.login.resolve("x".repeat(5000))).isEmpty();
        assertThat(f.login.resolve("ü".repeat(43))).isEmpty();
    }
}
