package dev.patientportal.notify;

import dev.patientportal.core.Actor;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.PortalEventListener;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.notify.internal.Retrier;
import dev.patientportal.notify.spi.SmsUsage;
import dev.patientportal.notify.spi.SmsUsageLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bills SMS over the usage ledger: reserves a message's cost within the month's budget before it is sent, gives the
 * reservation back when the provider did not take it, and audits and announces a spent budget. Tells the metrics
 * listener of every SMS the provider took, with its segments and cost.
 */
final class SmsBiller {
    // The notifier's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(PortalNotifier.class);

    private final SmsUsageLedger ledger;
    private final BigDecimal pricePerSegment;
    private final Retrier retrier;
    private final DeliveryAudit audit;
    private final PortalEventListener events;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final PortalMetricsListener metrics;
    private final Set<String> exhaustionAnnounced = ConcurrentHashMap.newKeySet();

    SmsBiller(
            SmsUsageLedger ledger,
            BigDecimal pricePerSegment,
            Retrier retrier,
            DeliveryAudit audit,
            PortalEventListener events,
            TransactionRunner transactions,
            Clock clock,
            PortalMetricsListener metrics) {
        this.ledger = ledger;
        this.pricePerSegment = pricePerSegment;
        this.retrier = retrier;
        this.audit = audit;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Reserves in the ledger, sends with direct retries, and releases when the provider did not take it.
     *
     * @return the outcome; empty when the budget has no room (nothing was sent)
     * @throws TemporaryFailureException when the ledger cannot be reached (nothing was sent)
     */
    Optional<Retrier.Attempted> send(
            InstitutionId institution,
            InstitutionSettings settings,
            SmsSegments segments,
            @Nullable BigDecimal budget,
            Supplier<DeliveryResult> send) {
        YearMonth month = YearMonth.now(clock.withZone(settings.zone()));
        BigDecimal cost = pricePerSegment.multiply(BigDecimal.valueOf(segments.segments()));
        if (!transactions.inTransaction(
                () -> ledger.tryReserve(institution, month, segments.segments(), cost, budget))) {
            return Optional.empty();
        }
        Retrier.Attempted outcome = retrier.run(send);
        if (outcome.result().status() == DeliveryResult.Status.SENT) {
            metrics.smsSent(institution, segments.segments(), cost);
        } else {
            try {
                transactions.useTransaction(() -> ledger.release(institution, month, segments.segments(), cost));
            } catch (TemporaryFailureException e) {
                LOG.warn(
                        "Could not release an unsent SMS in the usage ledger of institution {}: {}",
                        institution,
                        e.getMessage());
            }
        }
        return Optional.of(outcome);
    }

    /** Audits the skipped SMS, and tells the listeners once per institution and month. */
    void budgetExhausted(NotificationIntent intent, InstitutionSettings settings, SmsSegments segments) {
        Instant now = clock.instant();
        YearMonth month = YearMonth.now(clock.withZone(settings.zone()));
        LOG.warn(
                "SMS budget of institution {} for {} is spent; SMS of notification {} skipped",
                intent.institution(),
                month,
                intent.id());
        audit.smsSkipped(intent, month, segments);
        if (exhaustionAnnounced.add(intent.institution().value() + "/" + month)) {
            try {
                events.onEvent(new PortalEvent(
                        PortalEvent.Type.SMS_BUDGET_EXHAUSTED,
                        now,
                        intent.institution(),
                        intent.patient(),
                        intent.subjectId(),
                        Actor.system()));
            } catch (RuntimeException e) {
                LOG.warn("A portal event listener threw {}", e.getClass().getName());
            }
        }
    }

    SmsUsage usage(InstitutionId institution, YearMonth month) {
        return transactions.inTransaction(() -> ledger.usage(institution, month));
    }
}
