package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static dev.patientportal.auth.LoginFixture.authFailure;
import static dev.patientportal.core.AuthenticationException.Reason.RATE_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.RequestContext;
import dev.patientportal.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ASVS 6.6.3 and 2.4.1 (SMS pumping): sends are limited per phone number, e-mail address, client address and
 * institution, per hour and per day, and a resend waits for its cool-down; limited requests send nothing.
 */
class SendsAreRateLimitedTest {
    private final LoginFixture f = LoginFixture.create();

    @Test
    @DisplayName(
            "the 6th start for one phone in an hour is refused until the next hour; the 11th in a day until tomorrow")
    void perPhone() {
        f.clock().set(Instant.parse("2026-03-02T08:15:00Z"));
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        for (int i = 0; i < 5; i++) {
            f.start(f.tajRequest(p));
        }
        AuthenticationException e = authFailure(() -> f.start(f.tajRequest(p)));
        assertThat(e.reason()).isEqualTo(RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(45));
        assertThat(f.codes().messages()).hasSize(5);

        f.clock().advance(Duration.ofMinutes(45));
        for (int i = 0; i < 5; i++) {
            f.start(f.tajRequest(p));
        }
        f.clock().advance(Duration.ofHours(1));
        AuthenticationException daily = authFailure(() -> f.start(f.tajRequest(p)));
        assertThat(daily.reason()).isEqualTo(RATE_LIMITED);
        assertThat(daily.retryAfter()).isEqualTo(Duration.ofHours(14));
        assertThat(f.codes().messages()).hasSize(10);
    }

    @Test
    @DisplayName("the same phone is limited whatever TAJ or e-mail comes with it")
    void phoneLimitIgnoresTheOtherIdentifier() {
        f.clock().set(Instant.parse("2026-03-02T08:00:00Z"));
        for (int i = 0; i < 5; i++) {
            f.start(new TajAndPhone(f.clinic, i % 2 == 0 ? "123456788" : "037193289", "+36201234567"));
        }
        assertThat(authFailure(() -> f.start(new EmailAndPhone(f.clinic, "x@example.test", "+36201234567")))
                        .reason())
                .isEqualTo(RATE_LIMITED);
    }

    @Test
    @DisplayName("one client address may start 20 logins an hour, whatever the identities")
    void perClientAddress() {
        f.clock().set(Instant.parse("2026-03-02T08:00:00Z"));
        for (int i = 0; i < 20; i++) {
            f.start(f.tajRequest(f.patientWithGrant(AccessMethod.TAJ_AND_PHONE)));
        }
        PatientProfile next = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        assertThat(authFailure(() -> f.start(f.tajRequest(next))).reason()).isEqualTo(RATE_LIMITED);
        assertThat(f.login
                        .start(f.tajRequest(next), RequestContext.fromAddress("203.0.113.9"))
                        .factors())
                .containsExactly(Factor.SMS);
    }

    @Test
    @DisplayName("an institution's send budget caps everything")
    void perInstitution() {
        LoginFixture g = LoginFixture.builder()
                .settings(AuthSettings.builder().sendsPerInstitution(3, 3).build())
                .build();
        for (int i = 0; i < 3; i++) {
            g.login.start(
                    g.tajRequest(g.patientWithGrant(AccessMethod.TAJ_AND_PHONE)),
                    RequestContext.fromAddress("203.0.113." + i));
        }
        PatientProfile next = g.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        assertThat(authFailure(() -> g.login.start(g.tajRequest(next), RequestContext.fromAddress("203.0.113.99")))
                        .reason())
                .isEqualTo(RATE_LIMITED);
    }

    @Test
    @DisplayName("a resend waits 60 s after the last send, and a challenge allows 3 resends")
    void resendCooldown() {
        PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        Challenge c = f.start(f.emailRequest(p));
        f.clock().advance(Duration.ofSeconds(59));
        AuthenticationException early = authFailure(() -> f.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST));
        assertThat(early.reason()).isEqualTo(RATE_LIMITED);
        assertThat(early.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            f.clock().advance(Duration.ofSeconds(60));
            Challenge resent = f.login.resend(c.institution(), c.id(), i == 1 ? Factor.EMAIL : Factor.SMS, REQUEST);
            assertThat(resent.resendAvailableAt()).isEqualTo(f.clock().instant().plusSeconds(60));
        }
        f.clock().advance(Duration.ofSeconds(60));
        AuthenticationException exhausted =
                authFailure(() -> f.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST));
        assertThat(exhausted.reason()).isEqualTo(RATE_LIMITED);
        assertThat(exhausted.retryAfter()).isNull();
        assertThat(f.codes().messages()).hasSize(5);
    }

    @Test
    @DisplayName("20 parallel resends send one code")
    void parallelResendsSendOnce() throws Exception {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        f.clock().advance(Duration.ofSeconds(60));
        List<Race.Outcome<Challenge>> outcomes = Race.run(
                20,
                i -> () -> f.login.resend(
                        c.institution(), c.id(), Factor.SMS, RequestContext.fromAddress("203.0.113." + i)));
        assertThat(outcomes.stream().filter(o -> o.result() != null)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o.failure() != null))
                .allSatisfy(o -> assertThat(((AuthenticationException) o.failure()).reason())
                        .isEqualTo(RATE_LIMITED));
        assertThat(f.codes().messages()).hasSize(2);
    }
}
