package dev.patientportal.jpa;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.Exceptions;
import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.spi.CommitHook;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Lists, retries and discards parked outbox messages: those that failed permanently or used up their attempts. The host
 * puts this behind its own staff authorization; the library does not check who calls.
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
