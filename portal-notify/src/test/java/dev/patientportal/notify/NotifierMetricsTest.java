package dev.patientportal.notify;

import static dev.patientportal.notify.support.Fixture.CLINIC;
import static dev.patientportal.notify.support.Fixture.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent.Type;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.notify.DeliveryResult.FailureReason;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.support.Fixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The notifier tells its metrics listener of codes, SMS bills and deliveries, and survives one that throws. */
class NotifierMetricsTest {
    static final Locale HU = Locale.forLanguageTag("hu-HU");
    final Fixture f = new Fixture();
    final PatientId patient = PatientId.of("p-1");
    final Heard heard = new Heard();

    /** Writes what it hears. */
    static final class Heard implements PortalMetricsListener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void codeSent(InstitutionId institution, Channel channel) {
            calls.add("code-sent " + institution.value() + " " + channel);
        }

        @Override
        public void codeFailed(InstitutionId institution, Channel channel) {
            calls.add("code-failed " + institution.value() + " " + channel);
        }

        @Override
        public void smsSent(InstitutionId institution, int segments, BigDecimal cost) {
            calls.add("sms " + institution.value() + " " + segments + " "
                    + cost.stripTrailingZeros().toPlainString());
        }

        @Override
        public void notificationDelivered(InstitutionId institution, Channel channel, Duration latency) {
            calls.add("delivered " + institution.value() + " " + channel + " " + latency);
        }

        @Override
        public void notificationFailed(InstitutionId institution, Channel channel, DeliveryFailure failure) {
            calls.add("failed " + institution.value() + " " + channel + " " + failure);
        }
    }

    private PortalNotifier notifier() {
        return f.notifier(Fixture.settings().build()).metrics(heard).build();
    }

    private static CodeMessage code(CodeMessage.Channel channel) {
        return new CodeMessage(
                CLINIC,
                channel,
                channel == CodeMessage.Channel.EMAIL ? EmailAddress.parse("a@example.test") : null,
                channel == CodeMessage.Channel.SMS ? new PhoneNumber("+36201234567") : null,
                "482913",
                Duration.ofMinutes(5),
                HU);
    }

    @Test
    void an_sms_notification_bills_its_segments_and_cost_and_every_channel_reports_its_latency() {
        f.patient(patient, HU);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("phone-1"));
        // The intent was created at 09:00; the notifier delivers it 90 s later (an outbox's wait).
        f.clock.advance(Duration.ofSeconds(90));

        notifier().deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        // "Szent Rókus Klinika: Új dokumentum érhető el a Betegportálon. https://portal.example.org/": UCS-2, 89
        // units, 2 segments at 0.05 each.
        assertThat(f.sms.sent.get(0).segments().segments()).isEqualTo(2);
        assertThat(heard.calls)
                .containsExactly(
                        "sms clinic-1 2 0.1",
                        "delivered clinic-1 EMAIL PT1M30S",
                        "delivered clinic-1 SMS PT1M30S",
                        "delivered clinic-1 PUSH PT1M30S");
    }

    @Test
    void failures_are_counted_by_channel_and_kind_but_an_unregistered_push_token_is_not_a_failure() {
        f.patient(patient, HU);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("dead"));
        f.push.answer(t -> DeliveryResult.failed(FailureReason.UNREGISTERED_TOKEN, "fcm-unregistered"));
        f.email.then(DeliveryResult.retryLater(Duration.ofMinutes(2), "http-429"));
        f.sms.then(DeliveryResult.failed(FailureReason.INVALID_NUMBER, "twilio-21211"));

        notifier().deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(heard.calls)
                .containsExactly("failed clinic-1 EMAIL RETRY_LATER", "failed clinic-1 SMS FAILED_PERMANENTLY");
    }

    @Test
    void a_delivery_before_the_intents_time_counts_zero_latency() {
        f.patient(patient, HU);
        f.clock.advance(Duration.ofSeconds(-5));

        f.notifier(Fixture.settings().build())
                .metrics(heard)
                .build()
                .deliver(intent(Type.ACCESS_GRANTED, patient, false));

        assertThat(heard.calls).containsExactly("delivered clinic-1 EMAIL PT0S");
    }

    @Test
    void login_codes_are_counted_by_channel_sent_or_not_and_an_sms_code_is_billed() {
        PortalNotifier notifier = notifier();
        notifier.send(code(CodeMessage.Channel.EMAIL));
        notifier.send(code(CodeMessage.Channel.SMS));
        f.email.then(DeliveryResult.retryLater(Duration.ofMinutes(2), "http-429"));
        assertThatThrownBy(() -> notifier.send(code(CodeMessage.Channel.EMAIL)))
                .isInstanceOf(TemporaryFailureException.class);
        f.sms.then(DeliveryResult.failed(FailureReason.INVALID_NUMBER, "twilio-21211"));
        assertThatThrownBy(() -> notifier.send(code(CodeMessage.Channel.SMS))).isInstanceOf(ValidationException.class);

        int segments = f.sms.sent.get(0).segments().segments();
        assertThat(heard.calls)
                .containsExactly(
                        "code-sent clinic-1 EMAIL",
                        "sms clinic-1 " + segments + " "
                                + new BigDecimal("0.05")
                                        .multiply(BigDecimal.valueOf(segments))
                                        .stripTrailingZeros()
                                        .toPlainString(),
                        "code-sent clinic-1 SMS",
                        "code-failed clinic-1 EMAIL",
                        "code-failed clinic-1 SMS");
    }

    @Test
    void a_listener_that_throws_breaks_no_delivery_and_no_code() {
        PortalMetricsListener broken = new PortalMetricsListener() {
            @Override
            public void codeSent(InstitutionId institution, Channel channel) {
                throw new IllegalStateException("registry down");
            }

            @Override
            public void smsSent(InstitutionId institution, int segments, BigDecimal cost) {
                throw new IllegalStateException("registry down");
            }

            @Override
            public void notificationDelivered(InstitutionId institution, Channel channel, Duration latency) {
                throw new IllegalStateException("registry down");
            }
        };
        f.patient(patient, HU);
        PortalNotifier notifier =
                f.notifier(Fixture.settings().build()).metrics(broken).build();

        DeliveryReport report = notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));
        notifier.send(code(CodeMessage.Channel.SMS));

        assertThat(report.sentChannels()).containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS);
        assertThat(f.sms.sent).hasSize(2);
    }
}
