package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.LoginRequest;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.RequestContext;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ASVS 6.3.8 and the bug "a rate-limit reply that reveals which numbers are registered": an identity without an active
 * grant of the method gets a decoy challenge, and from then on every answer (type, fields, errors, attempts, cool-down,
 * send limits, lockout) is the same as for a registered one, and no code is sent.
 */
class UnknownIdentityIsIndistinguishableTest {
    private static final AuthSettings TIGHT =
            AuthSettings.builder().sendsPerPhone(3, 10).lockoutThreshold(7).build();

    /** What the caller sees of one scripted session against an identity; nothing of the identity itself. */
    private static List<String> transcript(LoginFixture f, LoginRequest request, Function<Challenge, String> wrong) {
        List<String> seen = new ArrayList<>();
        Challenge c = f.start(request);
        seen.add(shape(f, c));
        // Resend too early, then in time.
        seen.add(answer(() -> f.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST)));
        f.clock().advance(Duration.ofSeconds(60));
        seen.add(answer(() -> shape(f, f.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST))));
        // Six wrong codes: five counted, then locked.
        for (int i = 0; i < 6; i++) {
            seen.add(answer(() -> f.verify(c, c.factors().get(0), wrong.apply(c))));
        }
        seen.add(answer(() -> f.login.resend(c.institution(), c.id(), Factor.SMS, REQUEST)));
        // A second challenge: two more wrong codes reach the identity's lockout threshold of 7.
        Challenge d = f.start(request);
        seen.add(shape(f, d));
        seen.add(answer(() -> f.verify(d, Factor.SMS, wrong.apply(d))));
        seen.add(answer(() -> f.verify(d, Factor.SMS, wrong.apply(d))));
        seen.add(answer(() -> f.verify(d, Factor.SMS, wrong.apply(d))));
        seen.add(answer(() -> f.start(request)));
        // After the lockout, the per-phone send limit (3 an hour) answers.
        f.clock().advance(Duration.ofSeconds(31));
        seen.add(answer(() -> f.start(request)));
        f.clock().advance(Duration.ofMinutes(5));
        seen.add(answer(() -> f.verify(c, Factor.SMS, "123456")));
        seen.add(answer(() -> f.login.verify(c.institution(), c.id(), Factor.SMS, null, RequestContext.none())));
        return seen;
    }

    private static String shape(LoginFixture f, Challenge c) {
        // Field names and types, the factors, and times relative to now: everything but the random id itself.
        String fields = Arrays.stream(Challenge.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList()
                .toString();
        return "Challenge" + fields + " id~" + c.id().matches("[A-Za-z0-9_-]{22}") + " factors=" + c.factors()
                + " expiresIn=" + Duration.between(f.clock().instant(), c.expiresAt())
                + " resendIn=" + Duration.between(f.clock().instant(), c.resendAvailableAt());
    }

    private interface Call {
        Object call();
    }

    private static String answer(Call call) {
        try {
            Object result = call.call();
            return "ok " + (result instanceof String s ? s : result.getClass().getSimpleName());
        } catch (AuthenticationException e) {
            return e.getClass().getSimpleName() + " " + e.reason() + " left=" + e.attemptsLeft() + " retry="
                    + e.retryAfter() + " msg=" + e.getMessage();
        } catch (PortalException e) {
            return e.getClass().getSimpleName() + " msg=" + e.getMessage();
        }
    }

    private static Function<Challenge, String> wrongFor(LoginFixture f, PatientProfile p) {
        return c -> LoginFixture.wrong(f.codeFor(p, Factor.SMS));
    }

    private static List<String> registered(AccessMethod method) {
        LoginFixture f = LoginFixture.builder().settings(TIGHT).build();
        PatientProfile p = f.patientWithGrant(method);
        List<String> seen = transcript(f, f.requestFor(p, method), wrongFor(f, p));
        assertThat(f.codes().messages()).isNotEmpty();
        return seen;
    }

    @Test
    @DisplayName("TAJ + phone: no grant, made-up identifiers, a revoked grant and an e-mail grant all answer alike")
    void tajAndPhone() {
        List<String> known = registered(AccessMethod.TAJ_AND_PHONE);
        assertThat(known)
                .contains("AuthenticationException WRONG_CODE left=4 retry=null msg="
                        + "Authentication failed: wrong code");

        LoginFixture none = LoginFixture.builder().settings(TIGHT).build();
        PatientProfile noGrant = none.patientWithoutGrant();
        assertThat(transcript(none, none.tajRequest(noGrant), c -> "123456")).isEqualTo(known);
        assertThat(none.codes().messages()).isEmpty();

        LoginFixture madeUp = LoginFixture.builder().settings(TIGHT).build();
        assertThat(transcript(madeUp, new TajAndPhone(madeUp.clinic, "037193289", "+36201234567"), c -> "654321"))
                .isEqualTo(known);
        assertThat(madeUp.codes().messages()).isEmpty();

        LoginFixture revoked = LoginFixture.builder().settings(TIGHT).build();
        PatientProfile r = revoked.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        AccessGrant g = revoked.grantOf(r);
        revoked.t.portal().administration(revoked.t.staff(revoked.clinic)).revoke(r.patient(), "left", g.version());
        assertThat(transcript(revoked, revoked.tajRequest(r), c -> "000000")).isEqualTo(known);
        assertThat(revoked.codes().messages()).isEmpty();

        LoginFixture other = LoginFixture.builder().settings(TIGHT).build();
        PatientProfile o = other.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        assertThat(transcript(other, other.tajRequest(o), c -> "000000")).isEqualTo(known);
        assertThat(other.codes().messages()).isEmpty();
    }

    @Test
    @DisplayName("e-mail + phone: no grant, made-up identifiers and a TAJ grant answer like a registered identity")
    void emailAndPhone() {
        List<String> known = registered(AccessMethod.EMAIL_AND_PHONE);

        LoginFixture madeUp = LoginFixture.builder().settings(TIGHT).build();
        assertThat(transcript(
                        madeUp, new EmailAndPhone(madeUp.clinic, "nobody@example.test", "+36201234567"), c -> "000000"))
                .isEqualTo(known);
        assertThat(madeUp.codes().messages()).isEmpty();

        LoginFixture other = LoginFixture.builder().settings(TIGHT).build();
        PatientProfile o = other.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        assertThat(transcript(other, other.emailRequest(o), c -> "000000")).isEqualTo(known);
        assertThat(other.codes().messages()).isEmpty();
    }
}
