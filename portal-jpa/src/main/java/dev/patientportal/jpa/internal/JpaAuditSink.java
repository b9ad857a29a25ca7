package dev.patientportal.jpa.internal;

import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import dev.patientportal.core.Actor;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Objects;

/**
 * {@link AuditSink} on {@code portal_audit_event}, append-only; details are stored as a flat JSON object. The row is
 * inserted at once (identity key), so a failure surfaces in {@link #record} and fails the audited operation.
 */
public final class JpaAuditSink implements AuditSink {
    private final EntityManagerProvider entityManagers;

    /**
     * Creates the sink.
     *
     * @param entityManagers the current entity manager
     */
    public JpaAuditSink(EntityManagerProvider entityManagers) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
    }

    @Override
    public void record(AuditEvent event) {
        EntityManager em = entityManagers.currentEntityManager();
        try {
            AuditEventEntity e = AuditEventEntity.create();
            e.at = event.at();
            e.institutionId = event.institution().value();
            e.actorType = event.actor().type().name();
            e.actorId = event.actor().id();
            e.action = event.action();
            e.patientId = event.patient() == null ? null : event.patient().value();
            e.targetId = event.targetId();
            e.outcome = event.outcome().name();
            e.clientAddress = event.clientAddress();
            e.details = JsonMaps.write(event.details());
            em.persist(e);
            em.flush();
        } catch (PersistenceException e) {
            throw new dev.patientportal.core.TemporaryFailureException("Recording the audit event failed", e);
        }
    }

    /**
     * Reads an institution's events back, oldest first; for tests and for a future audit query API.
     *
     * @param em the entity manager of the current unit of work
     * @param institution the institution
     * @param limit at most this many
     * @return the events
     */
    public static List<AuditEvent> read(EntityManager em, InstitutionId institution, int limit) {
        return em.createQuery("SELECT e FROM PortalAuditEvent e WHERE e.institutionId = :institution"
                        + " ORDER BY e.at, e.id", AuditEventEntity.class)
                .setParameter("institution", institution.value())
                .setMaxResults(limit)
                .getResultList().stream()
                .map(e -> new AuditEvent(e.at, InstitutionId.of(e.institutionId),
                        new Actor(Actor.Type.valueOf(e.actorType), e.actorId), e.action,
                        e.patientId == null ? null : PatientId.of(e.patientId), e.targetId,
                        AuditEvent.Outcome.valueOf(e.outcome), e.clientAddress, JsonMaps.read(e.details)))
                .toList();
    }
}
