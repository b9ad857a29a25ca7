package dev.patientportal.jpa.internal;

import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditPurge;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.AuditQuery;
import dev.patientportal.core.spi.AuditTrail;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuditTrail} on {@code portal_audit_event} and {@code portal_audit_checkpoint}. Queries read newest first by
 * keyset on {@code (occurred_at, sequence_no)}, which the V5 indexes per patient, actor, action and time serve; the
 * chain walk reads the unique {@code (institution_id, sequence_no)} index. Checkpoints and purges lock the chain head
 * like an insert.
 */
public final class JpaAuditTrail implements AuditTrail {
    private final EntityManagerProvider entityManagers;
    private final AuditChainHead head;
    private final @Nullable AuditChainSettings chain;

    JpaAuditTrail(EntityManagerProvider entityManagers, AuditChainHead head, @Nullable AuditChainSettings chain) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.head = head;
        this.chain = chain;
    }

    /**
     * The sink and trail of one configuration, sharing one chain head.
     *
     * @param entityManagers the current entity manager
     * @param chain the keys and checkpoint interval, or {@code null} to number events without chaining
     * @return the pair
     */
    public static Pair create(EntityManagerProvider entityManagers, @Nullable AuditChainSettings chain) {
        AuditChainHead head = new AuditChainHead(new RowCreator());
        return new Pair(new JpaAuditSink(entityManagers, head, chain), new JpaAuditTrail(entityManagers, head, chain));
    }

    /**
     * A sink and its trail.
     *
     * @param sink writes events
     * @param trail reads them back
     */
    public record Pair(JpaAuditSink sink, JpaAuditTrail trail) {}

    @Override
    public List<AuditRecord> query(AuditQuery q) {
        return guarded(() -> {
            StringBuilder jpql = new StringBuilder("SELECT e FROM PortalAuditEvent e WHERE e.institutionId = :i");
            Map<String, Object> params = new HashMap<>();
            params.put("i", q.institution().value());
            if (q.patient() != null) {
                jpql.append(" AND e.patientId = :p");
                params.put("p", q.patient().value());
            }
            if (q.actor() != null) {
                jpql.append(" AND e.actorType = :at AND e.actorId = :aid");
                params.put("at", q.actor().type().name());
                params.put("aid", q.actor().id());
            }
            if (!q.actions().isEmpty()) {
                jpql.append(" AND e.action IN :actions");
                params.put("actions", List.copyOf(q.actions()));
            }
            if (q.outcome() != null) {
                jpql.append(" AND e.outcome = :o");
                params.put("o", q.outcome().name());
            }
            if (q.from() != null) {
                jpql.append(" AND e.at >= :from");
                params.put("from", q.from());
            }
            if (q.to() != null) {
                jpql.append(" AND e.at < :to");
                params.put("to", q.to());
            }
            if (q.after() != null) {
                jpql.append(" AND (e.at < :ca OR (e.at = :ca AND e.sequence < :cs))");
                params.put("ca", q.after().at());
                params.put("cs", q.after().sequence());
            }
            jpql.append(" ORDER BY e.at DESC, e.sequence DESC");
            TypedQuery<AuditEventEntity> query = em().createQuery(jpql.toString(), AuditEventEntity.class);
            params.forEach(query::setParameter);
            return query.setMaxResults(q.limit()).getResultList().stream()
                    .map(JpaAuditSink::toRecord)
                    .toList();
        });
    }

    @Override
    public List<AuditRecord> chain(InstitutionId institution, long fromSequence, int limit) {
        return guarded(() -> em()
                .createQuery(
                        "SELECT e FROM PortalAuditEvent e WHERE e.institutionId = :i"
                                + " AND e.sequence >= :from ORDER BY e.sequence, e.id",
                        AuditEventEntity.class)
                .setParameter("i", institution.value())
                .setParameter("from", fromSequence)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(JpaAuditSink::toRecord)
                .toList());
    }

    @Override
    public List<AuditCheckpoint> checkpoints(InstitutionId institution, long fromSequence, int limit) {
        return guarded(() -> em()
                .createQuery(
                        "SELECT c FROM PortalAuditCheckpoint c WHERE c.key.institutionId = :i"
                                + " AND c.key.sequence >= :from ORDER BY c.key.sequence",
                        AuditCheckpointEntity.class)
                .setParameter("i", institution.value())
                .setParameter("from", fromSequence)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(AuditCheckpointEntity::toCheckpoint)
                .toList());
    }

    @Override
    public Optional<AuditCheckpoint> checkpoint(InstitutionId institution, Instant at) {
        AuditChainSettings settings = chain;
        if (settings == null) {
            return Optional.empty();
        }
        return guarded(() -> {
            EntityManager em = em();
            AuditChainHead.State state = head.lockExisting(em, institution.value());
            if (state == null || state.lastLink() == null) {
                return Optional.empty();
            }
            return Optional.of(store(em, settings, institution, state.lastSequence(), state.lastLink(), at));
        });
    }

    @Override
    public AuditPurge purge(InstitutionId institution, Instant before, Instant at) {
        return guarded(() -> {
            EntityManager em = em();
            String i = institution.value();
            AuditChainHead.State state = head.lockExisting(em, i);
            if (state == null) {
                return AuditPurge.nothing(institution);
            }
            Long firstYoung = em.createQuery(
                            "SELECT MIN(e.sequence) FROM PortalAuditEvent e"
                                    + " WHERE e.institutionId = :i AND e.at >= :before",
                            Long.class)
                    .setParameter("i", i)
                    .setParameter("before", before)
                    .getSingleResult();
            long bound = firstYoung == null ? state.lastSequence() : firstYoung - 1;
            List<AuditEventEntity> last = em.createQuery(
                            "SELECT e FROM PortalAuditEvent e WHERE e.institutionId = :i"
                                    + " AND e.sequence <= :bound ORDER BY e.sequence DESC",
                            AuditEventEntity.class)
                    .setParameter("i", i)
                    .setParameter("bound", bound)
                    .setMaxResults(1)
                    .getResultList();
            if (last.isEmpty()) {
                return AuditPurge.nothing(institution);
            }
            AuditEventEntity cutEvent = last.get(0);
            long cut = cutEvent.sequence;
            AuditCheckpoint checkpoint = null;
            if (chain != null && cutEvent.linkMac != null) {
                checkpoint = store(em, chain, institution, cut, cutEvent.linkMac, at);
            }
            int deleted = em.createQuery(
                            "DELETE FROM PortalAuditEvent e WHERE e.institutionId = :i" + " AND e.sequence <= :cut")
                    .setParameter("i", i)
                    .setParameter("cut", cut)
                    .executeUpdate();
            em.createQuery("DELETE FROM PortalAuditCheckpoint c WHERE c.key.institutionId = :i"
                            + " AND c.key.sequence < :cut")
                    .setParameter("i", i)
                    .setParameter("cut", cut)
                    .executeUpdate();
            return new AuditPurge(institution, deleted, cut, checkpoint);
        });
    }

    @Override
    public List<InstitutionId> institutions() {
        return guarded(
                () -> head.institutions(em()).stream().map(InstitutionId::of).toList());
    }

    /** Stores a checkpoint at a sequence number, or returns the one already stored there. */
    private static AuditCheckpoint store(
            EntityManager em,
            AuditChainSettings settings,
            InstitutionId institution,
            long sequence,
            String link,
            Instant at) {
        AuditCheckpointEntity existing =
                em.find(AuditCheckpointEntity.class, new AuditCheckpointKey(institution.value(), sequence));
        if (existing != null) {
            return existing.toCheckpoint();
        }
        AuditCheckpoint c = AuditCheckpoint.sign(settings.keys().current(), institution, sequence, link, at);
        em.persist(AuditCheckpointEntity.of(c));
        em.flush();
        return c;
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }

    private static <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (PersistenceException e) {
            throw new TemporaryFailureException("Reading or maintaining the audit trail failed", e);
        }
    }
}
