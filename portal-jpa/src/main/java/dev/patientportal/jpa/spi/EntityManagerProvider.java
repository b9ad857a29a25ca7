package dev.patientportal.jpa.spi;

import jakarta.persistence.EntityManager;

/**
 * Gives the stores the {@link EntityManager} of the unit of work running on the calling thread, so they join the
 * host's transaction instead of starting their own.
 *
 * <p>Built in: {@link dev.patientportal.jpa.ResourceLocalTransactionRunner} is one (it binds an entity manager to the
 * thread for the length of each unit of work). In Spring, pass the shared, transaction-scoped entity manager
 * ({@code @PersistenceContext EntityManager em}, then {@code () -> em}); under Jakarta EE, the container-managed one.
 *
 * <p><b>Threads and transactions:</b> called by the stores, the outbox notifier, the dispatcher and the admin API on
 * the thread that runs the unit of work, once or more per store call. Must be safe for concurrent use and cheap.
 */
@FunctionalInterface
public interface EntityManagerProvider {
    /**
     * Returns the entity manager of the current unit of work. Its transaction must be active; the caller neither
     * closes it nor commits.
     *
     * @return the current entity manager
     * @throws IllegalStateException when no unit of work is active on this thread (a wiring error)
     */
    EntityManager currentEntityManager();
}
