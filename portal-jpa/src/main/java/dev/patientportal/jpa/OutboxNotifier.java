package dev.patientportal.jpa;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.Notifier;
import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.Objects;

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
 * <p><b>Threads and transactions:</b> called inside the unit of work of the change, on its thread; thread-safe.
 */
public final class OutboxNotifier implements Notifier {
    private final EntityManagerProvider entityManagers;
    private final Clock clock;

    private OutboxNotifier(EntityManagerProvider entityManagers, Clock clock) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a notifier whose rows are due at once (by the system clock).
     *
     * @param entityManagers the current entity manager of each unit of work
     * @return the notifier
     */
    public static OutboxNotifier create(EntityManagerProvider entityManagers) {
        return new OutboxNotifier(entityManagers, Clock.systemUTC());
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
        return new OutboxNotifier(entityManagers, clock);
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
        try {
            OutboxRepository.insert(entityManagers.currentEntityManager(), intent, clock.instant());
        } catch (PersistenceException e) {
            throw new TemporaryFailureException("Storing the notification in the outbox failed", e);
        }
    }
}
