package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.RequestContext;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bad input of every kind, fuzzed with jqwik: nothing but a {@link PortalException} escapes, and a malformed token is
 * simply no session. {@code portal.fuzz.tries} cases per input kind (default 1 000; raise it with
 * {@code -Dportal.fuzz.tries=100000}).
 */
class FuzzedInputOnlyRaisesPortalExceptionsTest {
    private static final int TRIES = Integer.getInteger("portal.fuzz.tries", 1_000);

    private final LoginFixture f = LoginFixture.builder()
            .settings(AuthSettings.builder()
                    .sendsPerPhone(1_000, 100_000)
                    .sendsPerEmail(1_000, 100_000)
                    .sendsPerClientAddress(100_000, 100_000)
                    .sendsPerInstitution(10_000_000, 10_000_000)
                    .lockoutThreshold(100)
                    .build())
            .build();
    private final PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);

    /** Anything at all, with a bias towards the shapes the parsers care about. */
    private static Arbitrary<String> hostile(Arbitrary<String> nearlyValid) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMaxLength(300)),
                net.jqwik.api.Tuple.of(
                        2,
                        Arbitraries.strings()
                                .withChars("0123456789 -+()/\t\u00a0\u0660\uff10")
                                .ofMaxLength(60)),
                net.jqwik.api.Tuple.of(3, nearlyValid),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.strings().ascii().ofMinLength(1000).ofMaxLength(5000)));
    }

    private static final Arbitrary<String> PHONES = hostile(Arbitraries.strings()
            .numeric()
            .ofMinLength(5)
            .ofMaxLength(17)
            .map(d -> (d.length() % 3 == 0 ? "+" : d.length() % 3 == 1 ? "06" : "+36") + d));
    private static final Arbitrary<String> EMAILS = hostile(Arbitraries.strings()
            .all()
            .ofMaxLength(70)
            .flatMap(local -> Arbitraries.strings().all().ofMaxLength(70).map(domain -> local + "@" + domain)));
    private static final Arbitrary<String> TAJS =
            hostile(Arbitraries.strings().numeric().ofMinLength(7).ofMaxLength(11));
    private static final Arbitrary<String> CODES =
            hostile(Arbitraries.strings().numeric().ofMinLength(4).ofMaxLength(12));
    private static final Arbitrary<String> IDS = hostile(
            Arbitraries.strings().withCharRange('0', 'z').ofMinLength(20).ofMaxLength(45));

    private static void fuzz(String kind, Arbitrary<String> inputs, Consumer<String> call) {
        AtomicInteger runs = new AtomicInteger();
        List<String> cases = inputs.injectNull(0.01).sampleStream().limit(TRIES).toList();
        for (String input : cases) {
            try {
                call.accept(input);
            } catch (PortalException expected) {
                assertThat(expected.getMessage()).as(kind).isNotNull();
                if (input != null && input.length() >= 6) {
                    assertThat(expected.getMessage())
                            .as(kind + ": the message never echoes the input")
                            .doesNotContain(input);
                }
            } catch (RuntimeException e) {
                throw new AssertionError(kind + " input escaped as " + e, e);
            }
            runs.incrementAndGet();
        }
        assertThat(runs.get()).isEqualTo(TRIES);
    }

    @Test
    @DisplayName("phone numbers")
    void phones() {
        fuzz("phone", PHONES, s -> f.start(new TajAndPhone(f.clinic, p.taj().digits(), s)));
    }

    @Test
    @DisplayName("e-mail addresses")
    void emails() {
        fuzz(
                "email",
                EMAILS,
                s -> f.start(new EmailAndPhone(f.clinic, s, p.phone().e164())));
    }

    @Test
    @DisplayName("TAJ numbers")
    void tajs() {
        fuzz("taj", TAJS, s -> f.start(new TajAndPhone(f.clinic, s, p.phone().e164())));
    }

    @Test
    @DisplayName("codes, against a live challenge")
    void codes() {
        Challenge[] c = {f.start(f.tajRequest(p))};
        AtomicInteger n = new AtomicInteger();
        fuzz("code", CODES, s -> {
            if (n.incrementAndGet() % 4 == 0) {
                c[0] = f.start(f.tajRequest(p)); // keep attempts available so codes reach the comparison
            }
            f.verify(c[0], Factor.SMS, s);
        });
    }

    @Test
    @DisplayName("challenge ids, for verify and resend")
    void challengeIds() {
        fuzz("challenge id", IDS, s -> {
            try {
                f.login.verify(f.clinic, s, Factor.SMS, "123456", REQUEST);
            } finally {
                f.login.resend(f.clinic, s, Factor.EMAIL, REQUEST);
            }
        });
    }

    @Test
    @DisplayName("session tokens: never a session, never an exception")
    void tokens() {
        fuzz("token", IDS, s -> {
            assertThat(f.login.resolve(s)).isEmpty();
            assertThat(f.login.logout(s, REQUEST)).isFalse();
        });
    }

    @Test
    @DisplayName("institution ids and request contexts")
    void institutionsAndContexts() {
        fuzz(
                "institution",
                IDS,
                s -> f.start(new TajAndPhone(
                        InstitutionId.of(s), p.taj().digits(), p.phone().e164())));
        fuzz(
                "context",
                hostile(Arbitraries.strings().ascii().ofMaxLength(80)),
                s -> f.login.start(
                        f.tajRequest(p), new RequestContext(s, s, s == null ? null : Locale.forLanguageTag(s))));
    }
}
