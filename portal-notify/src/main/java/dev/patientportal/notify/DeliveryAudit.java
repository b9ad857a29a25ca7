package dev.patientportal.notify;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.TransactionRunner;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits what a delivery did, one event per channel with a final outcome: sent ({@code SUCCESS}) or failed for good
 * ({@code FAILED}). Attempts to retry later are not audited; the retry that ends it is. The details hold the
 * notification type, the channel and the number of recipients (devices for push), never an address or a text, so the
 * patient's data export can list the notifications sent. Also audits an SMS skipped because the budget is spent
 * ({@link #smsSkipped}). All events of one delivery are written in one unit of work, after the provider calls; a
 * failure to write them is logged and does not undo the delivery.
 */
final class DeliveryAudit {
    // The notifier's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(PortalNotifier.class);

    private final AuditSink audit;
    private final TransactionRunner transactions;
    private final Clock clock;

    DeliveryAudit(AuditSink audit, TransactionRunner transactions, Clock clock) {
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    void record(NotificationIntent intent, DeliveryReport report) {
        Map<Channel, int[]> sent = new EnumMap<>(Channel.class);
        Map<Channel, int[]> failed = new EnumMap<>(Channel.class);
        for (DeliveryReport.Delivery d : report.deliveries()) {
            switch (d.result().status()) {
                case SENT -> sent.computeIfAbsent(d.channel(), c -> new int[1])[0]++;
                case FAILED_PERMANENTLY -> failed.computeIfAbsent(d.channel(), c -> new int[1])[0]++;
                case RETRY_LATER -> {}
            }
        }
        if (sent.isEmpty() && failed.isEmpty()) {
            return;
        }
        List<AuditEvent> events = new ArrayList<>();
        sent.forEach((channel, n) -> events.add(delivered(intent, channel, n[0], AuditEvent.Outcome.SUCCESS)));
        failed.forEach((channel, n) -> events.add(delivered(intent, channel, n[0], AuditEvent.Outcome.FAILED)));
        write(intent, events);
    }

    /** Audits an SMS of the intent skipped because the institution's budget for the month is spent. */
    void smsSkipped(NotificationIntent intent, YearMonth month, SmsSegments segments) {
        write(
                intent,
                List.of(event(
                        intent,
                        NotifyAuditActions.SMS_BUDGET_EXHAUSTED,
                        AuditEvent.Outcome.DENIED,
                        Map.of(
                                "month",
                                month.toString(),
                                "notification",
                                intent.type().name(),
                                "segments",
                                Integer.toString(segments.segments())))));
    }

    private void write(NotificationIntent intent, List<AuditEvent> events) {
        try {
            transactions.useTransaction(() -> events.forEach(audit::record));
        } catch (RuntimeException e) {
            LOG.error(
                    "Could not audit notification {}: {}",
                    intent.id(),
                    e.getClass().getName());
        }
    }

    private AuditEvent delivered(
            NotificationIntent intent, Channel channel, int recipients, AuditEvent.Outcome outcome) {
        return event(
                intent,
                NotifyAuditActions.DELIVERED,
                outcome,
                Map.of(
                        "notification",
                        intent.type().name(),
                        "channel",
                        channel.name(),
                        "recipients",
                        Integer.toString(recipients)));
    }

    private AuditEvent event(
            NotificationIntent intent, String action, AuditEvent.Outcome outcome, Map<String, String> details) {
        return new AuditEvent(
                clock.instant(),
                intent.institution(),
                Actor.system(),
                action,
                intent.patient(),
                intent.id().toString(),
                outcome,
                null,
                details);
    }
}
