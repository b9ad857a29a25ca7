package dev.patientportal.jpa;

import dev.patientportal.jpa.internal.Exceptions;
import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.internal.OutboxRepository.Claimed;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.jpa.spi.OutboxDelivery;
import dev.patientportal.notify.Backoff;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one claimed message, outside any transaction, and records the outcome in a short transaction of its own,
 * only while the claim still holds the row: {@code SENT} deletes it, {@code RETRY_LATER} schedules the next attempt
 * after the delay asked for or the jittered {@link Backoff}, {@code FAILED_PERMANENTLY} or a retry with no attempts
 * left parks it.
 */
final class OutcomeRecorder {
    // The dispatcher's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final OutboxTransactions transactions;
    private final OutboxDelivery delivery;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Clock clock;

    OutcomeRecorder(OutboxTransactions transactions, OutboxDelivery delivery, int maxAttempts, Backoff backoff,
            Clock clock) {
        this.transactions = transactions;
        this.delivery = delivery;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * Delivers a claimed message and records the outcome, or gives it back undelivered.
     *
     * @param release {@code true} to give the message back (due at once, the attempt not counted) without delivering
     */
    void process(Claimed c, boolean release) {
        String id = c.intent().id().toString();
        if (release) {
            record(c, "release", em -> OutboxRepository.release(em, id, c.token(), clock.instant()));
            return;
        }
        DeliveryOutcome outcome;
        String error;
        try {
            outcome = Objects.requireNonNull(delivery.deliver(c.intent(), c.checkpoint()), "delivery returned null");
            error = outcome.reason() == null ? "retry-later" : outcome.reason();
        } catch (RuntimeException e) {
            // What the last attempt left to do is still to do.
            String previous = c.checkpoint();
            outcome = previous == null ? DeliveryOutcome.retryLater()
                    : DeliveryOutcome.retryLater().withCheckpoint(previous);
            error = "exception:" + e.getClass().getSimpleName();
            LOG.warn("Outbox message {} ({}) attempt {} threw {}", id, c.intent().type(), c.attempt(),
                    e.getClass().getName());
        }
        Instant now = clock.instant();
        String reason = error;
        String checkpoint = outcome.checkpoint();
        switch (outcome.kind()) {
            case SENT -> record(c, "sent", em -> OutboxRepository.delivered(em, id, c.token()));
            case FAILED_PERMANENTLY -> {
                LOG.warn("Outbox message {} ({}) failed permanently ({}); parked", id, c.intent().type(), reason);
                record(c, "park", em -> OutboxRepository.park(em, id, c.token(), reason, checkpoint, now));
            }
            case RETRY_LATER -> {
                if (c.attempt() >= maxAttempts) {
                    LOG.warn("Outbox message {} ({}) parked after {} attempts ({})", id, c.intent().type(),
                            c.attempt(), reason);
                    record(c, "park", em -> OutboxRepository.park(em, id, c.token(), reason, checkpoint, now));
                } else {
                    Instant next = now.plus(outcome.retryAfterDelay().orElseGet(() -> backoff(c.attempt())));
                    record(c, "retry", em -> OutboxRepository.retryAt(em, id, c.token(), next, reason, checkpoint,
                            now));
                }
            }
        }
    }

    /** The jittered back-off after an attempt, in whole milliseconds as the dispatcher has always scheduled. */
    Duration backoff(int attempt) {
        return backoff.jittered(attempt, ThreadLocalRandom.current()).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Records an outcome, retrying a few times; a claim that no longer holds the row is logged, not an error. */
    private void record(Claimed c, String what, Function<EntityManager, Boolean> update) {
        for (int attempt = 1; ; attempt++) {
            try {
                boolean held = transactions.inTransaction(update);
                if (!held) {
                    LOG.warn("Outbox message {}: the lease expired before its outcome ({}) was recorded; another"
                            + " dispatcher may deliver it again", c.intent().id(), what);
                }
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    LOG.error("Outbox message {}: recording its outcome ({}) failed; it will be retried after the"
                            + " lease: {}", c.intent().id(), what, Exceptions.describe(e));
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
