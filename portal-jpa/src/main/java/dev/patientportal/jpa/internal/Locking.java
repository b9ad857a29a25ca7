package dev.patientportal.jpa.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jspecify.annotations.Nullable;

/** Row locks for compare-and-set updates. */
final class Locking {
    private Locking() {}

    /**
     * Finds an entity and locks its row ({@code SELECT ... FOR UPDATE}), re-reading it from the database even when the
     * persistence context already holds it, so the caller compares against the latest committed version.
     */
    static <T> @Nullable T findForUpdate(EntityManager em, Class<T> type, Object key) {
        T entity = em.find(type, key);
        if (entity != null) {
            em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
        }
        return entity;
    }
}
