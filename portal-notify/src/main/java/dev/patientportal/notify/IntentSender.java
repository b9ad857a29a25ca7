package dev.patientportal.notify;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.notify.internal.Retrier;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.EmailMessage;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link DeliveryPlanner.Plan}: renders the intent for each planned channel, sends it (e-mail with direct
 * retries, SMS through the {@link SmsBiller}, push through the {@link PushFanOut}), reports each outcome and audits the
 * final ones ({@link DeliveryAudit}), and tells the metrics listener of each delivery by channel: its latency since the
 * intent was created when sent, its failure otherwise (a push token the provider no longer knows is removed, not
 * counted as a failure).
 */
final class IntentSender {
    // The notifier's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(PortalNotifier.class);

    private final @Nullable EmailChannel email;
    private final @Nullable SmsChannel sms;
    private final @Nullable PushFanOut push;
    private final MessageRenderer renderer;
    private final SmsBiller biller;
    private final Retrier retrier;
    private final DeliveryAudit audit;
    private final PortalMetricsListener metrics;
    private final Clock clock;

    IntentSender(
            @Nullable EmailChannel email,
            @Nullable SmsChannel sms,
            @Nullable PushFanOut push,
            MessageRenderer renderer,
            SmsBiller biller,
            Retrier retrier,
            DeliveryAudit audit,
            PortalMetricsListener metrics,
            Clock clock) {
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.email = email;
        this.sms = sms;
        this.push = push;
        this.renderer = renderer;
        this.biller = biller;
        this.retrier = retrier;
    }

    DeliveryReport send(NotificationIntent intent, InstitutionSettings settings, DeliveryPlanner.Plan plan) {
        Map<Channel, SkipReason> skipped = new EnumMap<>(Channel.class);
        skipped.putAll(plan.skipped());
        List<DeliveryReport.Delivery> deliveries = new ArrayList<>();
        PatientProfile patient = plan.patient();
        if (patient != null) {
            for (Channel channel : plan.send()) {
                switch (channel) {
                    case EMAIL -> deliveries.add(sendEmail(intent, settings, patient));
                    case SMS ->
                        sendSms(intent, settings, patient)
                                .ifPresentOrElse(
                                        deliveries::add,
                                        () -> skipped.put(Channel.SMS, SkipReason.SMS_BUDGET_EXHAUSTED));
                    case PUSH ->
                        deliveries.addAll(Objects.requireNonNull(push)
                                .send(
                                        intent,
                                        Objects.requireNonNull(settings.pushApp()),
                                        renderer.push(intent, settings, patient.locale()),
                                        plan.tokens()));
                }
            }
        }
        DeliveryReport report = new DeliveryReport(intent.id(), deliveries, skipped);
        audit.record(intent, report);
        count(intent, deliveries);
        return report;
    }

    private void count(NotificationIntent intent, List<DeliveryReport.Delivery> deliveries) {
        Instant now = clock.instant();
        for (DeliveryReport.Delivery d : deliveries) {
            PortalMetricsListener.Channel channel =
                    PortalMetricsListener.Channel.valueOf(d.channel().name());
            DeliveryResult result = d.result();
            switch (result.status()) {
                case SENT -> {
                    Duration latency = Duration.between(intent.createdAt(), now);
                    metrics.notificationDelivered(
                            intent.institution(), channel, latency.isNegative() ? Duration.ZERO : latency);
                }
                case RETRY_LATER ->
                    metrics.notificationFailed(
                            intent.institution(), channel, PortalMetricsListener.DeliveryFailure.RETRY_LATER);
                case FAILED_PERMANENTLY -> {
                    if (!(result instanceof DeliveryResult.FailedPermanently f
                            && f.reason() == DeliveryResult.FailureReason.UNREGISTERED_TOKEN)) {
                        metrics.notificationFailed(
                                intent.institution(),
                                channel,
                                PortalMetricsListener.DeliveryFailure.FAILED_PERMANENTLY);
                    }
                }
            }
        }
    }

    private DeliveryReport.Delivery sendEmail(
            NotificationIntent intent, InstitutionSettings settings, PatientProfile patient) {
        EmailChannel channel = Objects.requireNonNull(email);
        RenderedEmail r = renderer.email(intent, settings, patient.locale());
        EmailMessage message = new EmailMessage(
                Objects.requireNonNull(patient.email()),
                settings.name(),
                r.subject(),
                r.text(),
                r.html(),
                r.locale(),
                intent.id().toString());
        Retrier.Attempted outcome = retrier.run(() -> channel.send(message));
        return new DeliveryReport.Delivery(Channel.EMAIL, "email", outcome.result(), outcome.attempts(), null);
    }

    /** Returns empty when the budget is spent. */
    private Optional<DeliveryReport.Delivery> sendSms(
            NotificationIntent intent, InstitutionSettings settings, PatientProfile patient) {
        SmsChannel channel = Objects.requireNonNull(sms);
        RenderedSms r = renderer.sms(intent, settings, patient.locale());
        SmsMessage message = new SmsMessage(
                Objects.requireNonNull(patient.phone()),
                r.text(),
                r.segments(),
                intent.id().toString());
        Optional<Retrier.Attempted> outcome;
        try {
            outcome = biller.send(
                    intent.institution(),
                    settings,
                    r.segments(),
                    settings.smsMonthlyBudget(),
                    () -> channel.send(message));
        } catch (TemporaryFailureException e) {
            LOG.warn("SMS usage ledger unavailable for notification {}: {}", intent.id(), e.getMessage());
            return Optional.of(new DeliveryReport.Delivery(
                    Channel.SMS, "sms", DeliveryResult.retryLater(null, "usage-ledger-unavailable"), 0, r.segments()));
        }
        if (outcome.isEmpty()) {
            biller.budgetExhausted(intent, settings, r.segments());
            return Optional.empty();
        }
        return Optional.of(new DeliveryReport.Delivery(
                Channel.SMS, "sms", outcome.get().result(), outcome.get().attempts(), r.segments()));
    }
}
