package dev.patientportal.notify;

import static dev.patientportal.notify.support.Fixture.CLINIC;
import static dev.patientportal.notify.support.Fixture.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.NotificationIntent.Type;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.notify.DeliveryResult.FailureReason;
import dev.patientportal.notify.spi.Institutions;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.spi.SmsUsage;
import dev.patientportal.notify.support.Fixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortalNotifierTest {
    static final Locale HU = Locale.forLanguageTag("hu-HU");
    final Fixture f = new Fixture();
    final PatientId patient = PatientId.of("p-1");

    @Test
    void a_new_document_goes_by_email_push_and_sms_with_the_texts_of_the_patients_language() {
        f.patient(patient, HU);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("phone-1"));

        DeliveryReport report = f.notifier().deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(report.sentChannels()).containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS, Channel.PUSH);
        assertThat(report.skipped()).isEmpty();
        assertThat(f.email.sent.get(0).subject()).isEqualTo("Új dokumentum a Betegportálon");
        assertThat(f.email.sent.get(0).senderName()).isEqualTo(Fixture.INSTITUTION_NAME);
        assertThat(f.sms.sent.get(0).text())
                .isEqualTo("Szent Rókus Klinika: Új dokumentum érhető el a Betegportálon. https://portal.example.org/");
        assertThat(f.sms.sent.get(0).segments()).isEqualTo(new SmsSegments(SmsSegments.Encoding.UCS2, 89, 2));
        assertThat(f.push.messages.get(0).title()).isEqualTo("Új dokumentum");
        assertThat(f.push.messages.get(0).data())
                .containsOnlyKeys("type", "notificationId", "institution", "subjectId");
        assertThat(report.deliveries(Channel.PUSH))
                .singleElement()
                .satisfies(d -> assertThat(d.recipient())
                        .isEqualTo(PushToken.of("phone-1").ref()));
        assertThat(f.ledger.usage(CLINIC, YearMonth.of(2026, 11)).segments()).isEqualTo(2);
        assertThat(f.ledger.usage(CLINIC, YearMonth.of(2026, 11)).cost()).isEqualByComparingTo("0.10");
    }

    @Test
    void transliteration_halves_the_sms_cost() {
        f.patient(patient, HU);
        PortalNotifier notifier =
                f.notifier(Fixture.settings().build()).smsTransliteration(true).build();

        notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(f.sms.sent.get(0).text())
                .isEqualTo("Szent Rokus Klinika: Uj dokumentum érheto el a Betegportalon. https://portal.example.org/");
        assertThat(f.sms.sent.get(0).segments()).isEqualTo(new SmsSegments(SmsSegments.Encoding.GSM7, 89, 1));
        assertThat(f.ledger.usage(CLINIC, YearMonth.of(2026, 11)).cost()).isEqualByComparingTo("0.05");
    }

    @Test
    void a_reservation_confirmation_shows_the_start_in_the_patients_language_and_the_institutions_zone() {
        f.patient(patient, Locale.forLanguageTag("es-ES"));

        f.notifier().deliver(intent(Type.RESERVATION_BOOKED, patient, true));

        // 09:30 UTC is 10:30 in Budapest, in winter time (CET)
        assertThat(f.email.sent.get(0).text())
                .contains("Su cita del 3 dic 2026")
                .contains("10:30 CET en Szent Rókus Klinika está confirmada.");
        assertThat(f.sms.sent).isEmpty(); // SMS is for new documents only
    }

    @Test
    void retries_directly_with_backoff_until_sent() {
        f.patient(patient, HU);
        f.email.then(DeliveryResult.retryLater(null, "smtp-451"), DeliveryResult.retryLater(null, "timeout"));

        DeliveryReport report = f.notifier().deliver(intent(Type.ACCESS_GRANTED, patient, false));

        assertThat(report.deliveries(Channel.EMAIL)).singleElement().satisfies(d -> {
            assertThat(d.result().status()).isEqualTo(DeliveryResult.Status.SENT);
            assertThat(d.attempts()).isEqualTo(3);
        });
        assertThat(f.email.sent).hasSize(3);
    }

    @Test
    void gives_up_at_once_when_the_provider_asks_for_more_patience_than_a_direct_retry_has() {
        f.patient(patient, HU);
        f.email.then(DeliveryResult.retryLater(Duration.ofMinutes(2), "http-429"));

        DeliveryReport report = f.notifier().deliver(intent(Type.ACCESS_GRANTED, patient, false));

        assertThat(f.email.sent).hasSize(1);
        assertThat(report.channelsToRetry()).containsExactly(Channel.EMAIL);
        assertThat(report.retryAfter()).contains(Duration.ofMinutes(2));
    }

    @Test
    void a_permanent_failure_is_not_retried_and_a_failed_sms_is_taken_back_from_the_ledger() {
        f.patient(patient, HU);
        f.sms.then(DeliveryResult.failed(FailureReason.INVALID_NUMBER, "twilio-21211"));

        DeliveryReport report = f.notifier().deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(f.sms.sent).hasSize(1);
        assertThat(report.hasPermanentFailure()).isTrue();
        assertThat(f.ledger.usage(CLINIC, YearMonth.of(2026, 11)).messages()).isZero();
    }

    @Test
    void an_outbox_retries_only_the_channels_left_to_retry() {
        f.patient(patient, HU);
        f.sms.then(
                DeliveryResult.retryLater(null, "http-503"),
                DeliveryResult.retryLater(null, "http-503"),
                DeliveryResult.retryLater(null, "http-503"));
        PortalNotifier notifier = f.notifier();
        NotificationIntent intent = intent(Type.DOCUMENT_PUBLISHED, patient, true);

        DeliveryReport first = notifier.deliver(intent);
        DeliveryReport second = notifier.deliver(intent, first.channelsToRetry());

        assertThat(first.channelsToRetry()).containsExactly(Channel.SMS);
        assertThat(second.sentChannels()).containsExactly(Channel.SMS);
        assertThat(f.email.sent).hasSize(1);
        assertThat(f.ledger.usage(CLINIC, YearMonth.of(2026, 11)).messages()).isEqualTo(1);
    }

    @Test
    void unregistered_push_tokens_are_removed_from_the_registry() {
        f.patient(patient, HU);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("live"));
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("dead"));
        f.push.answer(t -> t.value().equals("dead")
                ? DeliveryResult.failed(FailureReason.UNREGISTERED_TOKEN, "fcm-unregistered")
                : DeliveryResult.sent("m-" + t.value()));

        DeliveryReport report = f.notifier().deliver(intent(Type.DOCUMENT_PUBLISHED, patient, false));

        assertThat(f.devices.tokens(CLINIC, patient, Fixture.APP)).containsExactly(PushToken.of("live"));
        assertThat(report.hasPermanentFailure())
                .as("a pruned token is not a failure of the message")
                .isFalse();
        assertThat(report.channelsToRetry()).isEmpty();
    }

    @Test
    void push_retries_only_the_tokens_that_may_pass() {
        f.patient(patient, HU);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("a"));
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("b"));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        f.push.answer(t -> t.value().equals("b") && calls.incrementAndGet() == 1
                ? DeliveryResult.retryLater(null, "fcm-unavailable")
                : DeliveryResult.sent("m-" + t.value()));

        DeliveryReport report = f.notifier().deliver(intent(Type.DOCUMENT_PUBLISHED, patient, false));

        assertThat(f.push.calls).hasSize(2);
        assertThat(f.push.calls.get(1)).containsExactly(PushToken.of("b"));
        assertThat(report.deliveries(Channel.PUSH)).allMatch(d -> d.result().status() == DeliveryResult.Status.SENT);
    }

    @Test
    void when_the_budget_is_spent_sms_is_skipped_audited_and_announced_once_while_email_and_push_still_go() {
        f.patient(patient, HU);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("phone-1"));
        PortalNotifier notifier = f.notifier(Fixture.settings()
                        .smsMonthlyBudget(new BigDecimal("0.10"))
                        .build())
                .build();

        DeliveryReport first = notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true)); // 2 segments: 0.10
        DeliveryReport second = notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));
        DeliveryReport third = notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(first.sentChannels()).contains(Channel.SMS);
        for (DeliveryReport r : new DeliveryReport[] {second, third}) {
            assertThat(r.skipped()).containsExactly(Map.entry(Channel.SMS, SkipReason.SMS_BUDGET_EXHAUSTED));
            assertThat(r.sentChannels()).containsExactlyInAnyOrder(Channel.EMAIL, Channel.PUSH);
        }
        assertThat(f.sms.sent).hasSize(1);
        assertThat(f.audit.events(NotifyAuditActions.SMS_BUDGET_EXHAUSTED))
                .hasSize(2)
                .allSatisfy(e -> {
                    assertThat(e.patient()).isEqualTo(patient);
                    assertThat(e.details()).containsEntry("month", "2026-11").containsEntry("segments", "2");
                });
        assertThat(f.events.events(PortalEvent.Type.SMS_BUDGET_EXHAUSTED)).hasSize(1);
        assertThat(notifier.smsUsage(CLINIC, YearMonth.of(2026, 11)).cost()).isEqualByComparingTo("0.10");
    }

    @Test
    void a_patient_without_email_phone_or_devices_is_skipped_with_reasons() {
        f.patient(patient, HU, false, null);

        DeliveryReport report = f.notifier().deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(report.deliveries()).isEmpty();
        assertThat(report.skipped())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Channel.EMAIL,
                        SkipReason.NO_EMAIL_ADDRESS,
                        Channel.SMS,
                        SkipReason.NO_MOBILE_NUMBER,
                        Channel.PUSH,
                        SkipReason.NO_DEVICES));
    }

    @Test
    void an_unknown_patient_gets_nothing() {
        DeliveryReport report = f.notifier().deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(report.skipped().values()).containsOnly(SkipReason.PATIENT_NOT_FOUND);
        assertThat(f.email.sent).isEmpty();
    }

    @Test
    void submit_logs_and_swallows_an_unreachable_directory() {
        PortalNotifier notifier = f.notifier(Fixture.settings().build())
                .patientDirectory((i, p) -> {
                    throw new TemporaryFailureException("directory down");
                })
                .build();

        notifier.submit(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(f.email.sent).isEmpty();
        assertThatThrownBy(() -> notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true)))
                .isInstanceOf(TemporaryFailureException.class);
    }

    @Test
    void a_login_code_goes_out_at_once_by_email_or_sms_and_sms_codes_are_counted_but_never_held_back() {
        PortalNotifier notifier = f.notifier(
                        Fixture.settings().smsMonthlyBudget(BigDecimal.ZERO).build())
                .build();

        notifier.send(new CodeMessage(
                CLINIC,
                CodeMessage.Channel.EMAIL,
                EmailAddress.parse("a@example.test"),
                null,
                "482913",
                Duration.ofMinutes(5),
                Locale.forLanguageTag("es")));
        notifier.send(new CodeMessage(
                CLINIC,
                CodeMessage.Channel.SMS,
                null,
                new PhoneNumber("+36201234567"),
                "482913",
                Duration.ofMinutes(5),
                HU));

        assertThat(f.email.sent.get(0).subject()).isEqualTo("Su código de acceso");
        assertThat(f.email.sent.get(0).text()).contains("482913").contains("5 minutos");
        assertThat(f.sms.sent.get(0).text())
                .isEqualTo("Szent Rókus Klinika Betegportál kód: 482913. 5 percig érvényes. Ne adja ki senkinek.");
        assertThat(f.sms.sent.get(0).toString()).doesNotContain("482913");
        assertThat(f.ledger.usage(CLINIC, YearMonth.of(2026, 11)).messages()).isEqualTo(1);
    }

    @Test
    void a_code_the_provider_cannot_take_is_a_temporary_failure_and_a_rejected_number_a_validation_error() {
        PortalNotifier notifier = f.notifier();
        CodeMessage code = new CodeMessage(
                CLINIC,
                CodeMessage.Channel.SMS,
                null,
                new PhoneNumber("+36201234567"),
                "482913",
                Duration.ofMinutes(5),
                HU);
        f.sms.then(
                DeliveryResult.retryLater(null, "http-503"),
                DeliveryResult.retryLater(null, "http-503"),
                DeliveryResult.retryLater(null, "http-503"),
                DeliveryResult.failed(FailureReason.INVALID_NUMBER, "x"));

        assertThatThrownBy(() -> notifier.send(code))
                .isInstanceOf(TemporaryFailureException.class)
                .hasMessageNotContaining("482913")
                .hasMessageNotContaining("36201234567");
        assertThatThrownBy(() -> notifier.send(code))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("phone"));
        assertThat(f.ledger.usage(CLINIC, YearMonth.of(2026, 11)).messages()).isZero();
    }

    @Test
    void the_builder_reports_every_problem_at_once() {
        assertThatThrownBy(() -> PortalNotifier.builder()
                        .push((m, t) -> java.util.List.of())
                        .institution(
                                CLINIC,
                                Fixture.settings()
                                        .smsMonthlyBudget(BigDecimal.ONE)
                                        .build())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("patientDirectory")
                .hasMessageContaining("devices(DeviceRegistry)")
                .hasMessageContaining("audit(AuditSink)")
                .hasMessageContaining("smsPricePerSegment");
    }

    @Test
    void the_builder_reports_a_conflict_and_a_missing_setting_together_naming_each() {
        assertThatThrownBy(() -> PortalNotifier.builder()
                        .patientDirectory(f.patients)
                        .institution(CLINIC, Fixture.settings().build())
                        .institutions(Institutions.of(Map.of()))
                        .email(f.email)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid notifier configuration: give either institution(id, settings) or"
                        + " institutions(Institutions), exactly one of them; audit(AuditSink) is required: skipped SMS"
                        + " are audited");
        assertThatThrownBy(() -> PortalNotifier.builder()
                        .patientDirectory(f.patients)
                        .institution(CLINIC, Fixture.settings().build())
                        .institution(
                                CLINIC, Fixture.settings().pushApp("other-app").build())
                        .smsPricePerSegment(new BigDecimal("-0.01"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll(
                        "institution(id, settings) was given different settings",
                        CLINIC.value(),
                        "smsPricePerSegment must not be negative",
                        "audit(AuditSink)",
                        "at least one channel")
                .hasMessageNotContaining("patientDirectory");
    }

    @Test
    void the_same_institution_settings_given_twice_are_no_conflict() {
        PortalNotifier notifier = f.notifier(Fixture.settings().build())
                .institution(CLINIC, Fixture.settings().build())
                .build();

        assertThat(notifier.smsUsage(CLINIC, YearMonth.of(2026, 11))).isEqualTo(SmsUsage.NONE);
    }

    @Test
    void setters_still_reject_null_at_once() {
        PortalNotifier.Builder builder = PortalNotifier.builder();

        assertThatThrownBy(() -> builder.email(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.institution(CLINIC, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void without_direct_retries_a_push_that_may_pass_is_tried_once_and_left_to_the_outbox() {
        f.patient(patient, HU);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("a"));
        f.push.answer(t -> DeliveryResult.retryLater(Duration.ofMillis(1), "fcm-unavailable"));
        f.email.then(DeliveryResult.retryLater(null, "smtp-451"));
        PortalNotifier notifier =
                f.notifier(Fixture.settings().build()).retry(RetryPolicy.none()).build();

        DeliveryReport report = notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, false));

        assertThat(f.push.calls).hasSize(1);
        assertThat(f.email.sent).hasSize(1);
        assertThat(report.channelsToRetry()).containsExactlyInAnyOrder(Channel.EMAIL, Channel.PUSH);
        assertThat(report.deliveries()).allMatch(d -> d.attempts() == 1);
    }

    @Test
    void deliver_on_a_subset_leaves_the_other_channels_out_of_the_report() {
        f.patient(patient, HU);

        DeliveryReport report =
                f.notifier().deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true), EnumSet.of(Channel.PUSH));

        assertThat(report.skipped()).containsOnlyKeys(Channel.PUSH);
        assertThat(report.deliveries()).isEmpty();
        assertThat(Set.copyOf(f.email.sent)).isEmpty();
    }

    @Test
    void every_final_outcome_is_audited_per_channel_without_an_address_or_a_text_and_a_retry_later_is_not() {
        f.patient(patient, HU);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("phone-1"));
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("phone-2"));
        f.sms.then(DeliveryResult.failed(FailureReason.INVALID_NUMBER, "twilio-21211"));
        NotificationIntent published = intent(Type.DOCUMENT_PUBLISHED, patient, true);

        f.notifier().deliver(published);

        assertThat(f.audit.events(NotifyAuditActions.DELIVERED))
                .extracting(
                        e -> e.details().get("channel"),
                        e -> e.outcome(),
                        e -> e.details().get("recipients"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("EMAIL", AuditEvent.Outcome.SUCCESS, "1"),
                        org.assertj.core.groups.Tuple.tuple("PUSH", AuditEvent.Outcome.SUCCESS, "2"),
                        org.assertj.core.groups.Tuple.tuple("SMS", AuditEvent.Outcome.FAILED, "1"));
        assertThat(f.audit.events(NotifyAuditActions.DELIVERED)).allSatisfy(e -> {
            assertThat(e.patient()).isEqualTo(patient);
            assertThat(e.targetId()).isEqualTo(published.id().toString());
            assertThat(e.details()).containsEntry("notification", "DOCUMENT_PUBLISHED");
            assertThat(e.details().values().toString())
                    .doesNotContain(f.email.sent.get(0).to().value())
                    .doesNotContain("phone-1");
        });

        f.email.then(DeliveryResult.retryLater(Duration.ofMinutes(2), "http-429"));
        int before = f.audit.events(NotifyAuditActions.DELIVERED).size();
        f.notifier().deliver(intent(Type.ACCESS_GRANTED, patient, false));
        assertThat(f.audit.events(NotifyAuditActions.DELIVERED))
                .as("a retry later is audited when it ends")
                .hasSize(before);
    }
}
