package dev.patientportal.jpa;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.Exceptions;
import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.spi.CommitHook;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Lists, retries and discards parked outbox messages: those that failed permanently or used up their attempts; and
 * reads what gauges and health checks need ({@link #stats()}, {@link #health(Duration)}). The host puts the staff
 * operations behind its own staff authorization; the library does not check who calls.
 *
 * <p><b>Threads and transactions:</b> thread-safe. Each method runs in one unit of work of the given runner (joining
 * one already running on the thread, if the runner does so).
 */
public final class OutboxAdmin {
    private final TransactionRunner transactions;
    private final EntityManagerProvider entityManagers;
    private final Clock clock;

    private OutboxAdmin(TransactionRunner transactions, EntityManagerProvider entityManagers, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the admin API on a resource-local runner.
     *
     * @param runner the runner, which is also the entity-manager provider
     * @return the admin API
     */
    public static OutboxAdmin create(ResourceLocalTransactionRunner runner) {
        return new OutboxAdmin(runner, runner, Clock.systemUTC());
    }

    /**
     * Creates the admin API on the host's transactions.
     *
     * @param transactions how a unit of work runs
     * @param entityManagers the current entity manager of each unit of work
     * @param clock the clock a retried message becomes due by (the dispatcher's)
     * @return the admin API
     */
    public static OutboxAdmin create(
            TransactionRunner transactions, EntityManagerProvider entityManagers, Clock clock) {
        return new OutboxAdmin(transactions, entityManagers, clock);
    }

    /**
     * Lists parked messages, most recently parked first.
     *
     * @param limit at most this many, 1 to 1000
     * @return the messages
     */
    public List<ParkedMessage> listParked(int limit) {
        return listParked(null, limit);
    }

    /**
     * Lists one institution's parked messages, most recently parked first.
     *
     * @param institution the institution, or {@code null} for all
     * @param limit at most this many, 1 to 1000
     * @return the messages
     */
    public List<ParkedMessage> listParked(@Nullable InstitutionId institution, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        return run(
                "Listing parked notifications",
                em -> OutboxRepository.parked(em, institution, limit).stream()
                        .map(p -> new ParkedMessage(p.intent(), p.attempts(), p.lastError(), p.parkedAt()))
                        .toList());
    }

    /**
     * Makes a parked message due again, with its attempts reset. Wakes this node's dispatchers after the commit when
     * the entity-manager provider is a {@link dev.patientportal.jpa.spi.CommitHook} (as the resource-local runner is);
     * on PostgreSQL every node's dispatchers hear of it from the database.
     *
     * @param intentId the intent's id
     * @return {@code true} if it was parked; {@code false} if it is not (unknown, delivered, discarded, or pending)
     */
    public boolean retry(UUID intentId) {
        String id = intentId.toString();
        return run("Retrying a parked notification", em -> {
            boolean unparked = OutboxRepository.unpark(em, id, clock.instant());
            if (unparked && entityManagers instanceof CommitHook hook) {
                hook.afterCommit(OutboxWakeUps.signal(em.getEntityManagerFactory()));
            }
            return unparked;
        });
    }

    /**
     * Deletes a parked message for good.
     *
     * @param intentId the intent's id
     * @return {@code true} if it was parked and is now gone
     */
    public boolean discard(UUID intentId) {
        String id = intentId.toString();
        return run("Discarding a parked notification", em -> OutboxRepository.discard(em, id));
    }

    /**
     * Counts messages waiting for delivery (due or not, claimed or not).
     *
     * @return how many are pending
     */
    public long pendingCount() {
        return run("Counting pending notifications", em -> OutboxRepository.count(em, OutboxRepository.pendingState()));
    }

    /**
     * Counts parked messages.
     *
     * @return how many are parked
     */
    public long parkedCount() {
        return run("Counting parked notifications", em -> OutboxRepository.count(em, OutboxRepository.parkedState()));
    }

    /**
     * Tells how long the longest-waiting due message has been due: pending, its next attempt time passed, and not
     * claimed (a claim moves the next attempt time to the end of its lease). One query, served by the index
     * {@code ix_portal_outbox_due (state, next_attempt_at)}.
     *
     * @return the time since its next attempt time, by this admin's clock; {@link Duration#ZERO} when nothing is due
     */
    public Duration oldestDueAge() {
        return run("Reading the oldest due notification", this::oldestDueAge);
    }

    /**
     * Reads the pending and parked counts and the oldest due message's age, in one unit of work (three indexed
     * queries), for gauges.
     *
     * @return the numbers
     */
    public OutboxStats stats() {
        return run(
                "Reading the outbox's numbers",
                em -> new OutboxStats(
                        OutboxRepository.count(em, OutboxRepository.pendingState()),
                        OutboxRepository.count(em, OutboxRepository.parkedState()),
                        oldestDueAge(em)));
    }

    /**
     * Evaluates the outbox's health: {@link OutboxHealth.Status#DOWN} when any message is parked or the oldest due
     * message has been due longer than the limit (see {@link OutboxStats#health(Duration)}).
     *
     * <pre>{@code
     * OutboxHealth h = portal.outbox().health(Duration.ofMinutes(5));
     * if (!h.isUp()) alert(h.reason());
     * }</pre>
     *
     * @param maxOldestDueAge the longest a due message may wait, positive; a few poll intervals and more than the
     *     longest delivery of a batch (for example 5 minutes)
     * @return the health with its numbers
     * @throws IllegalArgumentException when the limit is not positive
     * @throws dev.patientportal.core.TemporaryFailureException when the database cannot be read
     */
    public OutboxHealth health(Duration maxOldestDueAge) {
        Objects.requireNonNull(maxOldestDueAge, "maxOldestDueAge");
        if (maxOldestDueAge.isNegative() || maxOldestDueAge.isZero()) {
            throw new IllegalArgumentException("maxOldestDueAge must be positive");
        }
        return stats().health(maxOldestDueAge);
    }

    private Duration oldestDueAge(jakarta.persistence.EntityManager em) {
        Instant now = clock.instant();
        Instant oldest = OutboxRepository.oldestDue(em, now);
        if (oldest == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(oldest, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    private <T> T run(String what, Function<jakarta.persistence.EntityManager, T> work) {
        return transactions.inTransaction(() -> {
            try {
                return work.apply(entityManagers.currentEntityManager());
            } catch (PersistenceException e) {
                throw Exceptions.translate(what, e);
            }
        });
    }
}
