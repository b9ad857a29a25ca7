package dev.patientportal.notify;

import static dev.patientportal.notify.support.Fixture.CLINIC;
import static dev.patientportal.notify.support.Fixture.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.NotificationIntent.Type;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.support.Fixture;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the planner and the biller decide around the policy: channels the notifier lacks, a spent SMS budget. */
class DeliveryPlanningTest {
    static final Locale HU = Locale.forLanguageTag("hu-HU");
    final Fixture f = new Fixture();
    final PatientId patient = PatientId.of("p-1");

    @Test
    void a_channel_the_policy_chooses_but_the_notifier_lacks_is_skipped_as_not_configured() {
        f.patient(patient, HU);
        f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("phone-1"));
        PortalNotifier emailOnly = PortalNotifier.builder()
                .patientDirectory(f.patients)
                .institution(CLINIC, Fixture.settings().build())
                .email(f.email)
                .devices(f.devices)
                .smsUsage(f.ledger)
                .audit(f.audit)
                .events(f.events)
                .clock(f.clock)
                .build();

        DeliveryReport report = emailOnly.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(report.sentChannels()).containsExactly(Channel.EMAIL);
        // push has no channel, so no tokens are read and the policy already finds no devices
        assertThat(report.skipped())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(Channel.SMS, SkipReason.CHANNEL_NOT_CONFIGURED, Channel.PUSH, SkipReason.NO_DEVICES));
        assertThat(f.sms.sent).isEmpty();
        assertThat(f.push.messages).isEmpty();
    }

    @Test
    void a_reason_the_policy_gives_wins_over_a_missing_channel() {
        f.patient(patient, HU);
        PortalNotifier emailOnly = PortalNotifier.builder()
                .patientDirectory(f.patients)
                .institution(CLINIC, Fixture.settings().build())
                .email(f.email)
                .smsUsage(f.ledger)
                .audit(f.audit)
                .events(f.events)
                .clock(f.clock)
                .build();

        DeliveryReport report = emailOnly.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, false));

        assertThat(report.skipped()).containsEntry(Channel.SMS, SkipReason.SMS_NOT_ENABLED);
    }

    @Test
    void a_spent_budget_is_announced_on_its_first_skipped_sms_and_never_again_that_month() {
        f.patient(patient, HU);
        PortalNotifier notifier = f.notifier(Fixture.settings()
                        .smsMonthlyBudget(new BigDecimal("0.10"))
                        .build())
                .build();
        notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true)); // 2 segments: 0.10, the whole budget

        notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));
        assertThat(f.events.events(PortalEvent.Type.SMS_BUDGET_EXHAUSTED))
                .as("after the first skip")
                .hasSize(1);
        notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));
        notifier.deliver(intent(Type.DOCUMENT_PUBLISHED, patient, true));

        assertThat(f.events.events(PortalEvent.Type.SMS_BUDGET_EXHAUSTED))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.institution()).isEqualTo(CLINIC);
                    assertThat(e.patient()).isEqualTo(patient);
                });
        assertThat(f.audit.events(NotifyAuditActions.SMS_BUDGET_EXHAUSTED)).hasSize(3);
    }
}
