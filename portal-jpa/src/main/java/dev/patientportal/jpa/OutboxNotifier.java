package dev.patientportal.jpa;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.Notifier;
import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.spi.CommitHook;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The portal's {@link Notifier} as a transactional outbox: {@link #submit} writes the intent as a row of
 * {@code portal_outbox} in the current unit of work, so it commits or rolls back with the change that caused it (a
 * document published, a grant made, a booking). If that transaction rolls back, nothing is ever sent. An
 * {@link OutboxDispatcher}, on this node or any other, delivers committed rows.
 *
 * <pre>{@code
 * PatientPortal portal = PatientPortal.builder()
 *         .stores(JpaStores.create(tx)).transactions(tx)
 *         .notifications(OutboxNotifier.create(tx))
 *         ...
 * }</pre>
 *
 * <p><b>Waking the dispatchers.</b> Once the unit of work commits, the {@link OutboxDispatcher}s of this JVM that claim
 * from the same persistence unit are woken at once instead of at their next poll, through a {@link CommitHook}: the
 * entity-manager provider itself when it is one ({@link ResourceLocalTransactionRunner} is), or the one given to
 * {@link #create(EntityManagerProvider, Clock, CommitHook)} (Spring, JTA). On PostgreSQL the dispatchers of every node
 * are also woken by the database ({@code LISTEN}/{@code NOTIFY}, see {@link OutboxDispatcher}), with or without a hook.
 * Without either, a notification waits for the next poll.
 *
 * <p><b>Threads and transactions:</b> called inside the unit of work of the change, on its thread; thread-safe.
 */
public final class OutboxNotifier implements Notifier {
    private final EntityManagerProvider entityManagers;
    private final Clock clock;
    private final @Nullable CommitHook commitHook;

    private OutboxNotifier(EntityManagerProvider entityManagers, Clock clock, @Nullable CommitHook commitHook) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.commitHook = commitHook != null ? commitHook : entityManagers instanceof CommitHook hook ? hook : null;
    }

    /**
     * Creates a notifier whose rows are due at once (by the system clock).
     *
     * @param entityManagers the current entity manager of each unit of work; when it is also a {@link CommitHook}
     *     (as {@link ResourceLocalTransactionRunner} is), local dispatchers are woken after each commit
     * @return the notifier
     */
    public static OutboxNotifier create(EntityManagerProvider entityManagers) {
        return new OutboxNotifier(entityManagers, Clock.systemUTC(), null);
    }

    /**
     * Creates a notifier whose rows are due at the given clock's now. Give it the dispatcher's clock: a row is due
     * when the dispatcher's clock reaches the notifier's.
     *
     * @param entityManagers the current entity manager of each unit of work
     * @param clock the clock
     * @return the notifier
     */
    public static OutboxNotifier create(EntityManagerProvider entityManagers, Clock clock) {
        return new OutboxNotifier(entityManagers, clock, null);
    }

    /**
     * Creates a notifier that wakes this node's dispatchers through the host's transactions once each unit of work
     * that stored a notification has committed (Spring's {@code TransactionSynchronization}, a JTA
     * {@code Synchronization}; see {@link CommitHook}).
     *
     * @param entityManagers the current entity manager of each unit of work
     * @param clock the clock rows are due by; the dispatcher's
     * @param commitHook runs an action after the current unit of work commits
     * @return the notifier
     */
    public static OutboxNotifier create(EntityManagerProvider entityManagers, Clock clock, CommitHook commitHook) {
        return new OutboxNotifier(entityManagers, clock, Objects.requireNonNull(commitHook, "commitHook"));
    }

    /**
     * Stores the intent in the current unit of work.
     *
     * @param intent what to tell whom; holds no personal data
     * @throws TemporaryFailureException when the row cannot be written (the change then rolls back), including an
     *     intent id that is already in the outbox
     * @throws IllegalStateException when no unit of work is active on this thread
     */
    @Override
    public void submit(NotificationIntent intent) {
        Objects.requireNonNull(intent, "intent");
        EntityManager em = entityManagers.currentEntityManager();
        try {
            OutboxRepository.insert(em, intent, clock.instant());
        } catch (PersistenceException e) {
            throw new TemporaryFailureException("Storing the notification in the outbox failed", e);
        }
        CommitHook hook = commitHook;
        if (hook != null) {
            hook.afterCommit(OutboxWakeUps.signal(em.getEntityManagerFactory()));
        }
    }
}
