package dev.patientportal.auth;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.ValidationException;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PortalLoginTest {
    private final LoginFixture f = LoginFixture.create();

    @Test
    @DisplayName("TAJ + phone: one SMS code, then a session the portal accepts")
    void tajAndPhoneLogsIn() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(new TajAndPhone(
                f.clinic,
                "  " + spaced(p.taj().digits()) + " ",
                "06" + p.phone().e164().substring(3)));
        assertThat(c.factors()).containsExactly(Factor.SMS);
        assertThat(c.institution()).isEqualTo(f.clinic);
        assertThat(c.expiresAt()).isEqualTo(f.clock().instant().plus(Duration.ofMinutes(5)));
        assertThat(c.resendAvailableAt()).isEqualTo(f.clock().instant().plus(Duration.ofSeconds(60)));
        assertThat(f.codes().messages()).singleElement().satisfies(m -> {
            assertThat(m.channel()).isEqualTo(CodeMessage.Channel.SMS);
            assertThat(m.phone()).isEqualTo(p.phone());
            assertThat(m.code()).matches("[0-9]{6}");
            assertThat(m.validFor()).isEqualTo(Duration.ofMinutes(5));
            assertThat(m.locale()).isEqualTo(Locale.forLanguageTag("hu-HU"));
        });

        VerifyResult r = f.verify(c, Factor.SMS, f.codeFor(p, Factor.SMS));
        assertThat(r.isComplete()).isTrue();
        assertThat(r.remaining()).isEmpty();
        SessionGrant s = r.session().orElseThrow();
        assertThat(s.patient()).isEqualTo(p.patient());
        assertThat(s.idleExpiresAt()).isEqualTo(f.clock().instant().plus(Duration.ofMinutes(30)));
        assertThat(s.absoluteExpiresAt()).isEqualTo(f.clock().instant().plus(Duration.ofHours(12)));

        PatientView me = f.t.portal().patient(s.token());
        assertThat(me.session().patient()).isEqualTo(p.patient());
        assertThat(me.session().sessionId()).isEqualTo(s.sessionId());
    }

    @Test
    @DisplayName("the code's language: the request's (the page the patient types into), else the patient record's")
    void codeLanguageFollowsTheRequestThenTheRecord() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        TajAndPhone request =
                new TajAndPhone(f.clinic, p.taj().digits(), p.phone().e164());
        f.login.start(request, new RequestContext("198.51.100.8", null, Locale.forLanguageTag("es")));
        assertThat(f.codes().messages()).last().extracting(CodeMessage::locale).isEqualTo(Locale.forLanguageTag("es"));
        f.clock().advance(Duration.ofMinutes(2));
        f.login.start(request, RequestContext.fromAddress("198.51.100.8"));
        assertThat(f.codes().messages()).last().extracting(CodeMessage::locale).isEqualTo(p.locale());
    }

    @Test
    @DisplayName("e-mail + phone: an e-mail code and an SMS code, both needed, in any order")
    void emailAndPhoneNeedsBothCodes() {
        PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        Challenge c = f.start(new EmailAndPhone(
                f.clinic,
                " " + p.email().value().toUpperCase(Locale.ROOT),
                p.phone().e164()));
        assertThat(c.factors()).containsExactly(Factor.EMAIL, Factor.SMS);
        assertThat(f.sent(CodeMessage.Channel.EMAIL)).isEqualTo(1);
        assertThat(f.sent(CodeMessage.Channel.SMS)).isEqualTo(1);

        VerifyResult first = f.verify(c, Factor.SMS, f.codeFor(p, Factor.SMS));
        assertThat(first.isComplete()).isFalse();
        assertThat(first.verified()).isEqualTo(Factor.SMS);
        assertThat(first.remaining()).containsExactly(Factor.EMAIL);
        assertThat(first.session()).isEmpty();

        VerifyResult second = f.verify(c, Factor.EMAIL, f.codeFor(p, Factor.EMAIL));
        assertThat(second.isComplete()).isTrue();
        assertThat(f.t.portal()
                        .patient(second.session().orElseThrow().token())
                        .session()
                        .patient())
                .isEqualTo(p.patient());
    }

    @Test
    @DisplayName("invalid input is a validation error naming the field")
    void invalidInputNamesTheField() {
        assertThatThrownBy(() -> f.start(new TajAndPhone(f.clinic, "123456789", "+36201234567")))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("taj"));
        assertThatThrownBy(() -> f.start(new TajAndPhone(f.clinic, "123456788", "not a phone")))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("phone"));
        assertThatThrownBy(() -> f.start(new TajAndPhone(f.clinic, "123456788", "+3612345678")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("phone");
                    assertThat(e.getMessage()).contains("SMS");
                });
        assertThatThrownBy(() -> f.start(new EmailAndPhone(f.clinic, "nobody@", "+36201234567")))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThatThrownBy(() -> f.start(new EmailAndPhone(f.clinic, null, null)))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThat(f.codes().messages()).isEmpty();
    }

    @Test
    @DisplayName("a code may be typed with spaces; a code that is not 6 to 10 digits is a validation error")
    void codeFormat() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        assertThatThrownBy(() -> f.verify(c, Factor.SMS, "12345"))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThatThrownBy(() -> f.verify(c, Factor.SMS, "12345a"))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThatThrownBy(() -> f.verify(c, Factor.SMS, null))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        String code = f.codeFor(p, Factor.SMS);
        assertThat(f.verify(c, Factor.SMS, code.substring(0, 3) + " " + code.substring(3))
                        .isComplete())
                .isTrue();
    }

    @Test
    @DisplayName("a 10-digit code may be typed with hyphens, tabs and no-break spaces in up to 32 characters")
    void codeSeparatorsAndLengths() {
        LoginFixture g = LoginFixture.builder()
                .settings(AuthSettings.builder()
                        .codeLength(10)
                        .sendsPerPhone(1_000, 1_000)
                        .build())
                .build();
        PatientProfile p = g.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        for (String separator : new String[] {"-", "\t", "\u00a0", " "}) {
            Challenge c = g.start(g.tajRequest(p));
            String code = g.codeFor(p, Factor.SMS);
            assertThat(code).hasSize(10);
            String typed = code.substring(0, 5) + separator + code.substring(5);
            assertThat(g.verify(c, Factor.SMS, typed).isComplete())
                    .as("typed with %s", separator.codePointAt(0))
                    .isTrue();
        }

        Challenge c = g.start(g.tajRequest(p));
        String code = g.codeFor(p, Factor.SMS);
        String padded = " ".repeat(22) + code;
        assertThat(padded).hasSize(32);
        assertThatThrownBy(() -> g.verify(c, Factor.SMS, " " + padded))
                .as("33 characters")
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThatThrownBy(() -> g.verify(c, Factor.SMS, code + "1"))
                .as("11 digits")
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThat(g.verify(c, Factor.SMS, padded).isComplete())
                .as("32 characters, the refusals above counted no attempt")
                .isTrue();
    }

    @Test
    @DisplayName("logout ends the session on the server, once")
    void logoutEndsSession() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        SessionGrant s = f.logIn(p, AccessMethod.TAJ_AND_PHONE);
        assertThat(f.login.resolve(s.token())).isPresent();
        assertThat(f.login.logout(s.token(), REQUEST)).isTrue();
        assertThat(f.login.resolve(s.token())).isEmpty();
        assertThat(f.login.logout(s.token(), REQUEST)).isFalse();
        assertThat(f.login.logout("garbage", REQUEST)).isFalse();
    }

    @Test
    @DisplayName("the builder names every missing piece at once")
    void builderNamesMissingPieces() {
        assertThatThrownBy(() -> PortalLogin.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("grants(AccessGrantStore)")
                .hasMessageContaining("audit(AuditSink)")
                .hasMessageContaining("codeSender(CodeSender)")
                .hasMessageContaining("keys(CodeKeyring)");
    }

    @Test
    @DisplayName("requests, challenges and sessions show no identifier, id or token in toString")
    void toStringsAreRedacted() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        LoginRequest request = f.tajRequest(p);
        Challenge c = f.start(request);
        SessionGrant s =
                f.verify(c, Factor.SMS, f.codeFor(p, Factor.SMS)).session().orElseThrow();
        String all = request + " " + f.emailRequest(p) + " " + c + " " + s + " " + f.keys;
        assertThat(all)
                .doesNotContain(p.taj().digits(), p.phone().e164(), p.email().value(), c.id(), s.token());
        assertThat(request).hasToString("TajAndPhone[institution=" + request.institution() + "]");
        assertThat(f.emailRequest(p)).hasToString("EmailAndPhone[institution=" + request.institution() + "]");
    }

    @Test
    @DisplayName("by default codes are sent off the request thread, so start answers before the provider does")
    void defaultDeliveryIsAsynchronous() throws Exception {
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> thread =
                new java.util.concurrent.atomic.AtomicReference<>();
        PortalLogin async = PortalLogin.builder()
                .portalStores(f.t.stores())
                .keys(CodeKeyring.random())
                .clock(f.clock())
                .codeSender(m -> {
                    thread.set(Thread.currentThread().getName());
                    sent.countDown();
                })
                .build();
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        async.start(f.tajRequest(p), REQUEST);
        assertThat(sent.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get())
                .startsWith("portal-auth-codes-")
                .isNotEqualTo(Thread.currentThread().getName());
    }

    private static String spaced(String taj) {
        return taj.substring(0, 3) + " " + taj.substring(3, 6) + "-" + taj.substring(6);
    }
}
