package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static dev.patientportal.auth.LoginFixture.authFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginAuditActions;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.SessionGrant;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditEvent.Outcome;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ASVS 16.3.1 and 16.2.5: every start, verify, resend and logout is audited with the factor type and the outcome, and
 * never with a code, token or identifier.
 */
class EveryAttemptIsAuditedTest {
    private final LoginFixture f = LoginFixture.create();

    private AuditEvent last(String action) {
        List<AuditEvent> events = f.audit().events(action);
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }

    @Test
    @DisplayName("a login's start, wrong code, right code, resend and logout each leave one event")
    void wholeLogin() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        AuditEvent start = last(LoginAuditActions.START);
        assertThat(start.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(start.actor()).isEqualTo(Actor.anonymous());
        assertThat(start.patient()).isEqualTo(p.patient());
        assertThat(start.targetId()).matches("c-[0-9a-f]{16}");
        assertThat(start.clientAddress()).isEqualTo("198.51.100.7");
        assertThat(start.details())
                .containsEntry("method", "TAJ_AND_PHONE")
                .containsEntry("factors", "SMS")
                .containsEntry("result", "issued");

        f.clock().advance(Duration.ofSeconds(60));
        f.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST);
        assertThat(last(LoginAuditActions.RESEND).details())
                .containsEntry("factor", "SMS")
                .containsEntry("result", "resent");

        String code = f.codeFor(p, Factor.SMS);
        authFailure(() -> f.verify(c, Factor.SMS, LoginFixture.wrong(code)));
        AuditEvent wrong = last(LoginAuditActions.VERIFY);
        assertThat(wrong.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(wrong.targetId()).isEqualTo(start.targetId());
        assertThat(wrong.details())
                .containsEntry("factor", "SMS")
                .containsEntry("error", "authentication:WRONG_CODE")
                .containsEntry("attemptsLeft", "4");

        SessionGrant s = f.verify(c, Factor.SMS, code).session().orElseThrow();
        AuditEvent ok = last(LoginAuditActions.VERIFY);
        assertThat(ok.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(ok.details())
                .containsEntry("factor", "SMS")
                .containsEntry("result", "login-complete")
                .containsEntry("session", s.sessionId());

        f.login.logout(s.token(), REQUEST);
        AuditEvent logout = last(LoginAuditActions.LOGOUT);
        assertThat(logout.actor()).isEqualTo(Actor.patient(p.patient()));
        assertThat(logout.details()).containsEntry("session", s.sessionId());

        assertThat(f.audit().events())
                .filteredOn(e -> e.action().startsWith("login."))
                .hasSize(5)
                .allSatisfy(e -> assertThat(e.toString() + e.details())
                        .doesNotContain(
                                code,
                                s.token(),
                                c.id(),
                                p.phone().e164(),
                                p.taj().digits()));
    }

    @Test
    @DisplayName("refusals are audited too: bad input, unknown identity, unknown challenge")
    void refusals() {
        assertThatThrownBy(() -> f.start(new TajAndPhone(f.clinic, "123456788", "12")))
                .isInstanceOf(ValidationException.class);
        assertThat(last(LoginAuditActions.START).details()).containsEntry("error", "validation:phone");
        assertThat(last(LoginAuditActions.START).outcome()).isEqualTo(Outcome.DENIED);

        Challenge decoy = f.start(new TajAndPhone(f.clinic, "123456788", "+36201234567"));
        AuditEvent start = last(LoginAuditActions.START);
        assertThat(start.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(start.patient()).isNull();
        assertThat(start.details()).containsEntry("result", "unknown-identity");

        authFailure(() -> f.verify(decoy, Factor.SMS, "123456"));
        assertThat(last(LoginAuditActions.VERIFY).details())
                .containsEntry("identity", "unknown")
                .containsEntry("error", "authentication:WRONG_CODE");

        authFailure(() -> f.login.verify(f.clinic, "x", Factor.SMS, "123456", REQUEST));
        assertThat(last(LoginAuditActions.VERIFY).details()).containsEntry("error", "authentication:UNKNOWN_CHALLENGE");
    }

    @Test
    @DisplayName("a code that cannot be delivered is audited as a failed delivery; the answer stays the same")
    void failedDelivery() {
        LoginFixture g = LoginFixture.builder()
                .sender(real -> message -> {
                    throw new TemporaryFailureException("provider down");
                })
                .build();
        PatientProfile p = g.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        Challenge c = g.start(g.emailRequest(p));
        assertThat(c.factors()).containsExactly(Factor.EMAIL, Factor.SMS);
        List<AuditEvent> failed = g.audit().events(LoginAuditActions.CODE_DELIVERY);
        assertThat(failed).hasSize(2).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(e.details()).containsEntry("error", "temporary-failure").containsKey("channel");
        });
        assertThat(failed.stream().map(e -> e.details().get("channel"))).containsExactlyInAnyOrder("EMAIL", "SMS");
        assertThat(Map.copyOf(failed.get(0).details()))
                .doesNotContainValue(p.email().value());
    }
}
