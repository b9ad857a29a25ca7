package dev.patientportal.jpa;

import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.PortalMetricsListener.OutboxOutcome;
import dev.patientportal.jpa.internal.Exceptions;
import dev.patientportal.jpa.internal.OutboxOutcomes;
import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.internal.OutboxRepository.Claimed;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.jpa.spi.OutboxDelivery;
import dev.patientportal.notify.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers claimed messages, outside any transaction, and records a batch's outcomes in one short transaction, only
 * where the claim still holds the row, with one statement per kind of outcome: {@code SENT} deletes the rows,
 * {@code RETRY_LATER} schedules each row's next attempt after the delay asked for or the jittered {@link Backoff},
 * {@code FAILED_PERMANENTLY} or a retry with no attempts left parks them, and messages given back at shutdown are
 * released. Once a batch's outcomes committed, the metrics listener hears of each: delivered (with the message's age,
 * the delivery latency), retried or parked.
 */
final class OutcomeRecorder {
    // The dispatcher's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

    /**
     * What became of one claimed message, ready to record. A class, not records: record accessors would be public
     * methods returning an internal type.
     */
    static final class Outcome {
        /** What to record. */
        enum Kind {
            /** Delivered: delete the row. */
            SENT,
            /** Not delivered now: due again at {@code next}. */
            RETRY,
            /** Never deliverable, or out of attempts: park it. */
            PARK,
            /** Not started before a stop: give it back, due at once, the attempt not counted. */
            RELEASE
        }

        final Kind kind;
        final Claimed claimed;
        final @Nullable Instant next;
        final @Nullable String error;
        final @Nullable String checkpoint;
        /** When the attempt ended: the end of the message's latency when it was delivered. */
        final Instant at;

        private Outcome(
                Kind kind,
                Claimed claimed,
                @Nullable Instant next,
                @Nullable String error,
                @Nullable String checkpoint,
                Instant at) {
            this.kind = kind;
            this.claimed = claimed;
            this.next = next;
            this.error = error;
            this.checkpoint = checkpoint;
            this.at = at;
        }
    }

    private final OutboxTransactions transactions;
    private final OutboxDelivery delivery;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Clock clock;
    private final PortalMetricsListener metrics;

    OutcomeRecorder(
            OutboxTransactions transactions,
            OutboxDelivery delivery,
            int maxAttempts,
            Backoff backoff,
            Clock clock,
            PortalMetricsListener metrics) {
        this.transactions = transactions;
        this.delivery = delivery;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Delivers a claimed message and decides what to record, or gives it back undelivered; touches no database.
     *
     * @param release {@code true} to give the message back (due at once, the attempt not counted) without delivering
     */
    Outcome deliver(Claimed c, boolean release) {
        if (release) {
            return new Outcome(Outcome.Kind.RELEASE, c, null, null, null, clock.instant());
        }
        String id = c.intent().id().toString();
        DeliveryOutcome outcome;
        String error;
        try {
            outcome = Objects.requireNonNull(delivery.deliver(c.intent(), c.checkpoint()), "delivery returned null");
            error = outcome.reason() == null ? "retry-later" : outcome.reason();
        } catch (RuntimeException e) {
            // What the last attempt left to do is still to do.
            String previous = c.checkpoint();
            outcome = previous == null
                    ? DeliveryOutcome.retryLater()
                    : DeliveryOutcome.retryLater().withCheckpoint(previous);
            error = "exception:" + e.getClass().getSimpleName();
            LOG.warn(
                    "Outbox message {} ({}) attempt {} threw {}",
                    id,
                    c.intent().type(),
                    c.attempt(),
                    e.getClass().getName());
        }
        String checkpoint = outcome.checkpoint();
        Instant at = clock.instant();
        return switch (outcome.kind()) {
            case SENT -> new Outcome(Outcome.Kind.SENT, c, null, null, null, at);
            case FAILED_PERMANENTLY -> {
                LOG.warn(
                        "Outbox message {} ({}) failed permanently ({}); parked",
                        id,
                        c.intent().type(),
                        error);
                yield new Outcome(Outcome.Kind.PARK, c, null, error, checkpoint, at);
            }
            case RETRY_LATER -> {
                if (c.attempt() >= maxAttempts) {
                    LOG.warn(
                            "Outbox message {} ({}) parked after {} attempts ({})",
                            id,
                            c.intent().type(),
                            c.attempt(),
                            error);
                    yield new Outcome(Outcome.Kind.PARK, c, null, error, checkpoint, at);
                }
                Instant next = at.plus(outcome.retryAfterDelay().orElseGet(() -> backoff(c.attempt())));
                yield new Outcome(Outcome.Kind.RETRY, c, next, error, checkpoint, at);
            }
        };
    }

    /** Tells the metrics listener of committed outcomes; a message given back is no outcome. */
    private void count(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            @Nullable
            OutboxOutcome counted = switch (o.kind) {
                case SENT -> OutboxOutcome.DELIVERED;
                case RETRY -> OutboxOutcome.RETRIED;
                case PARK -> OutboxOutcome.PARKED;
                case RELEASE -> null;
            };
            if (counted != null) {
                Duration age = Duration.between(o.claimed.intent().createdAt(), o.at);
                metrics.outboxOutcome(
                        o.claimed.intent().institution(), counted, age.isNegative() ? Duration.ZERO : age);
            }
        }
    }

    /** The jittered back-off after an attempt, in whole milliseconds as the dispatcher has always scheduled. */
    Duration backoff(int attempt) {
        return backoff.jittered(attempt, ThreadLocalRandom.current()).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Records outcomes in one transaction per claim token, retrying a few times; rows a claim no longer holds are
     * logged, not an error.
     */
    void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Map<String, List<Outcome>> byToken = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            byToken.computeIfAbsent(o.claimed.token(), k -> new ArrayList<>()).add(o);
        }
        byToken.forEach(this::recordClaim);
    }

    private void recordClaim(String token, List<Outcome> outcomes) {
        List<String> sent = new ArrayList<>();
        List<String> released = new ArrayList<>();
        List<OutboxRepository.Retry> retries = new ArrayList<>();
        List<OutboxRepository.Park> parks = new ArrayList<>();
        for (Outcome o : outcomes) {
            String id = o.claimed.intent().id().toString();
            switch (o.kind) {
                case SENT -> sent.add(id);
                case RELEASE -> released.add(id);
                case RETRY ->
                    retries.add(new OutboxRepository.Retry(
                            id, Objects.requireNonNull(o.next), Objects.requireNonNull(o.error), o.checkpoint));
                case PARK -> parks.add(new OutboxRepository.Park(id, Objects.requireNonNull(o.error), o.checkpoint));
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Instant now = clock.instant();
                int held = transactions.inTransaction(em -> OutboxRepository.dispatcherWork(em, () -> {
                    int n = 0;
                    if (!sent.isEmpty()) {
                        n += OutboxOutcomes.delivered(em, token, sent);
                    }
                    if (!retries.isEmpty()) {
                        n += OutboxOutcomes.retry(em, token, retries, now);
                    }
                    if (!parks.isEmpty()) {
                        n += OutboxOutcomes.park(em, token, parks, now);
                    }
                    if (!released.isEmpty()) {
                        n += OutboxOutcomes.release(em, token, released, now);
                    }
                    return n;
                }));
                if (held < outcomes.size()) {
                    LOG.warn(
                            "Outbox claim {}: the lease expired before {} of {} outcomes were recorded; another"
                                    + " dispatcher may deliver those messages again",
                            token,
                            outcomes.size() - held,
                            outcomes.size());
                }
                count(outcomes);
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    LOG.error(
                            "Outbox claim {}: recording {} outcomes failed; their messages will be retried after"
                                    + " the lease: {}",
                            token,
                            outcomes.size(),
                            Exceptions.describe(e));
                    return;
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
