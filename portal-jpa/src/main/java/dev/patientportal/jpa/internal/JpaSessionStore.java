package dev.patientportal.jpa.internal;

import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SessionStore} on {@code portal_login_session}: found by the unique SHA-256 of the token, touched with a
 * conditional {@code UPDATE ... WHERE last_seen_at < ?} (forward only), deleted with a {@code DELETE} whose row count
 * tells the one caller that ended it. {@link #deleteAll} joins the caller's unit of work (the grant change).
 */
public final class JpaSessionStore implements SessionStore {
    private final EntityManagerProvider entityManagers;

    /**
     * Creates the store.
     *
     * @param entityManagers the current entity manager
     */
    public JpaSessionStore(EntityManagerProvider entityManagers) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
    }

    @Override
    public void insert(SessionRecord session) {
        EntityManager em = em();
        try {
            // No read first: an existing id fails the flush on the primary key, which translate makes a conflict.
            SessionEntity e = new SessionEntity(session.sessionId());
            e.tokenHash = session.tokenHash();
            e.institutionId = session.institution().value();
            e.patientId = session.patient().value();
            e.createdAt = session.createdAt();
            e.lastSeenAt = session.lastSeenAt();
            e.absoluteExpiresAt = session.absoluteExpiresAt();
            e.grantVersion = session.grantVersion();
            em.persist(e);
            em.flush();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Storing the session", e);
        }
    }

    @Override
    public Optional<SessionRecord> findByTokenHash(byte[] tokenHash) {
        try {
            List<SessionEntity> found = em().createQuery(
                            "SELECT s FROM PortalLoginSession s WHERE s.tokenHash = :hash", SessionEntity.class)
                    .setParameter("hash", tokenHash.clone())
                    .getResultList();
            return found.stream().findFirst().map(JpaSessionStore::toRecord);
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Looking up the session", e);
        }
    }

    @Override
    public boolean touch(String sessionId, Instant seenAt) {
        EntityManager em = em();
        try {
            int moved = em.createQuery("UPDATE PortalLoginSession s SET s.lastSeenAt = :seen WHERE s.sessionId = :id"
                            + " AND s.lastSeenAt < :seen")
                    .setParameter("seen", seenAt)
                    .setParameter("id", sessionId)
                    .executeUpdate();
            if (moved == 1) {
                return true;
            }
            Long present = em.createQuery(
                            "SELECT COUNT(s) FROM PortalLoginSession s WHERE s.sessionId = :id", Long.class)
                    .setParameter("id", sessionId)
                    .getSingleResult();
            return present != null && present > 0;
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Touching the session", e);
        }
    }

    @Override
    public boolean delete(String sessionId) {
        try {
            return em().createQuery("DELETE FROM PortalLoginSession s WHERE s.sessionId = :id")
                            .setParameter("id", sessionId)
                            .executeUpdate()
                    == 1;
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Ending the session", e);
        }
    }

    @Override
    public int deleteAll(InstitutionId institution, PatientId patient) {
        try {
            return em().createQuery("DELETE FROM PortalLoginSession s WHERE s.institutionId = :institution"
                            + " AND s.patientId = :patient")
                    .setParameter("institution", institution.value())
                    .setParameter("patient", patient.value())
                    .executeUpdate();
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Ending the patient's sessions", e);
        }
    }

    /**
     * Deletes sessions past their absolute expiry.
     *
     * @param em the entity manager of the current unit of work
     * @param before the cut-off
     * @return how many were deleted
     */
    public static int deleteExpired(EntityManager em, Instant before) {
        return em.createQuery("DELETE FROM PortalLoginSession s WHERE s.absoluteExpiresAt < :before")
                .setParameter("before", before)
                .executeUpdate();
    }

    private static SessionRecord toRecord(SessionEntity e) {
        return new SessionRecord(
                e.sessionId,
                e.tokenHash,
                InstitutionId.of(e.institutionId),
                PatientId.of(e.patientId),
                e.createdAt,
                e.lastSeenAt,
                e.absoluteExpiresAt,
                e.grantVersion);
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }
}
