package dev.patientportal.notify;

import static dev.patientportal.notify.support.Fixture.CLINIC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.support.Fixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message in Spanish, Hungarian and English, on every channel, for a patient whose record is full of personal
 * data: none of it reaches a subject, body, SMS, push text or data, delivery report or audit event.
 */
class NoPhiInMessagesTest {
    static Stream<Arguments> languagesAndEvents() {
        List<Arguments> all = new ArrayList<>();
        for (String language : List.of("es-ES", "hu-HU", "en-GB")) {
            for (NotificationIntent.Type type : NotificationIntent.Type.values()) {
                all.add(Arguments.of(Locale.forLanguageTag(language), type));
            }
        }
        return all.stream();
    }

    static void assertNoPhi(String what, String text) {
        for (String phi : Fixture.PHI) {
            assertThat(text.toLowerCase(Locale.ROOT)).as(what).doesNotContain(phi.toLowerCase(Locale.ROOT));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("languagesAndEvents")
    void sent_and_previewed_messages_hold_no_personal_data(Locale locale, NotificationIntent.Type type) {
        Fixture f = new Fixture();
        PatientId patient = PatientId.of("p-phi");
        f.patient(patient, locale);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("phone-of-p-phi"));
        PortalNotifier notifier = f.notifier(Fixture.settings()
                        .smsMonthlyBudget(new BigDecimal("0.01"))
                        .build())
                .build();
        NotificationIntent intent = Fixture.intent(type, patient, true);

        DeliveryReport report = notifier.deliver(intent);
        NotificationPreview preview = notifier.preview(intent);

        assertThat(f.email.sent).hasSize(1);
        assertThat(f.email.sent.get(0).locale().getLanguage()).isEqualTo(locale.getLanguage());
        f.email.sent.forEach(m -> {
            assertNoPhi("subject", m.subject());
            assertNoPhi("text", m.text());
            assertNoPhi("html", m.html());
        });
        f.sms.sent.forEach(m -> assertNoPhi("sms", m.text()));
        f.push.messages.forEach(m -> {
            assertNoPhi("push title", m.title());
            assertNoPhi("push body", m.body());
            assertNoPhi("push data", m.data().toString());
            assertThat(m.data().keySet()).isSubsetOf("type", "notificationId", "institution", "subjectId");
        });
        assertNoPhi("report", report.toString());
        f.audit.events().forEach(e -> assertNoPhi("audit", e.details().toString()));
        assertThat(preview.email().locale().getLanguage()).isEqualTo(locale.getLanguage());
        assertNoPhi("preview", preview.toString());
        assertThat(preview.email().text()).contains(Fixture.INSTITUTION_NAME).contains("https://portal.example.org/");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("languagesAndEvents")
    void login_codes_carry_the_code_and_nothing_personal(Locale locale, NotificationIntent.Type ignored) {
        Fixture f = new Fixture();
        PortalNotifier notifier = f.notifier();

        notifier.send(new CodeMessage(
                CLINIC,
                CodeMessage.Channel.SMS,
                null,
                new PhoneNumber("+36201234567"),
                "704219",
                Duration.ofMinutes(5),
                locale));

        String text = f.sms.sent.get(0).text();
        assertThat(text).contains("704219").contains("5");
        assertNoPhi("code sms", text);
    }
}
