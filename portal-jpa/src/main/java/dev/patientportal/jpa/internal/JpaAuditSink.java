package dev.patientportal.jpa.internal;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditChain;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditKey;
import dev.patientportal.core.AuditLink;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuditSink} on {@code portal_audit_event}, append-only; details are stored as a flat JSON object. Each event
 * takes the next number of its institution under the locked chain head ({@link AuditChainHead}) and, with
 * {@link AuditChainSettings}, its link under the current audit key; every {@code checkpointEvery}-th event also stores
 * a signed checkpoint. The row is inserted at once (identity key), so a failure surfaces in {@link #record} and fails
 * the audited operation. The head stays locked until the unit of work ends: that is the price of one chain per
 * institution across nodes ({@code docs/benchmarks.md}).
 */
public final class JpaAuditSink implements AuditSink {
    private final EntityManagerProvider entityManagers;
    private final AuditChainHead head;
    private final @Nullable AuditChainSettings chain;

    /**
     * Creates a sink that numbers events without chaining them.
     *
     * @param entityManagers the current entity manager
     */
    public JpaAuditSink(EntityManagerProvider entityManagers) {
        this(entityManagers, new AuditChainHead(new RowCreator()), null);
    }

    JpaAuditSink(EntityManagerProvider entityManagers, AuditChainHead head, @Nullable AuditChainSettings chain) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.head = head;
        this.chain = chain;
    }

    @Override
    public void record(AuditEvent event) {
        AuditEvent stored = AuditChain.storable(Objects.requireNonNull(event, "event"));
        EntityManager em = entityManagers.currentEntityManager();
        try {
            String institution = stored.institution().value();
            AuditChainHead.State state = head.lock(em, institution);
            long seq = state.lastSequence() + 1;
            AuditEventEntity e = AuditEventEntity.create();
            e.at = stored.at();
            e.institutionId = institution;
            e.actorType = stored.actor().type().name();
            e.actorId = stored.actor().id();
            e.action = stored.action();
            e.patientId = stored.patient() == null ? null : stored.patient().value();
            e.targetId = stored.targetId();
            e.outcome = stored.outcome().name();
            e.clientAddress = stored.clientAddress();
            e.details = JsonMaps.write(stored.details());
            e.sequence = seq;
            if (chain != null) {
                AuditKey key = chain.keys().current();
                String previous = state.lastLink() == null ? AuditChain.GENESIS : state.lastLink();
                e.keyId = key.id();
                e.previousLink = previous;
                e.linkMac = AuditChain.link(key, previous, seq, stored);
            }
            em.persist(e);
            head.moveTo(em, institution, seq, e.linkMac);
            if (chain != null && e.linkMac != null && seq % chain.checkpointEvery() == 0) {
                em.persist(AuditCheckpointEntity.of(AuditCheckpoint.sign(
                        chain.keys().current(), stored.institution(), seq, e.linkMac, stored.at())));
            }
            em.flush();
        } catch (PersistenceException e) {
            throw new TemporaryFailureException("Recording the audit event failed", e);
        }
    }

    /** The stored form of a row. */
    static AuditRecord toRecord(AuditEventEntity e) {
        AuditEvent event = new AuditEvent(
                e.at,
                InstitutionId.of(e.institutionId),
                new Actor(Actor.Type.valueOf(e.actorType), e.actorId),
                e.action,
                e.patientId == null ? null : PatientId.of(e.patientId),
                e.targetId,
                AuditEvent.Outcome.valueOf(e.outcome),
                e.clientAddress,
                JsonMaps.read(e.details));
        AuditLink link = e.keyId == null || e.previousLink == null || e.linkMac == null
                ? null
                : new AuditLink(e.keyId, e.previousLink, e.linkMac);
        return new AuditRecord(e.sequence, event, link);
    }

    /**
     * Reads an institution's events back, oldest first; for tests.
     *
     * @param em the entity manager of the current unit of work
     * @param institution the institution
     * @param limit at most this many
     * @return the events
     */
    public static List<AuditEvent> read(EntityManager em, InstitutionId institution, int limit) {
        return em
                .createQuery(
                        "SELECT e FROM PortalAuditEvent e WHERE e.institutionId = :institution"
                                + " ORDER BY e.at, e.id",
                        AuditEventEntity.class)
                .setParameter("institution", institution.value())
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(e -> toRecord(e).event())
                .toList();
    }
}
