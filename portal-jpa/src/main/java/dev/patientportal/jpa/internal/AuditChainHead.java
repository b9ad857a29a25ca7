package dev.patientportal.jpa.internal;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The row of {@code portal_audit_chain_head} that serialises an institution's audit writers: each insert locks it
 * ({@code SELECT ... FOR UPDATE}, the same statement on PostgreSQL, MariaDB and H2) until its unit of work ends, takes
 * the next sequence number and the previous link from it, and moves it on. Two nodes therefore never give out one
 * number twice, and the chain has one order: the order in which units of work took the head.
 *
 * <p>The first time a node meets an institution it creates the row if absent ({@link RowCreator#insertIfAbsent},
 * started from the newest stored event), before any locking read: on MariaDB a {@code FOR UPDATE} of a missing row
 * takes a gap lock, and two such gap locks followed by two inserts deadlock. Thread-safe.
 */
final class AuditChainHead {
    private static final String TABLE = "portal_audit_chain_head";

    /** The locked state of a head. */
    record State(long lastSequence, @Nullable String lastLink) {}

    private final RowCreator rows;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    AuditChainHead(RowCreator rows) {
        this.rows = rows;
    }

    /** Locks an institution's head, creating it first when this node has not seen it. */
    State lock(EntityManager em, String institution) {
        if (!known.contains(institution)) {
            // Every thread that has not seen the head created creates it: none may lock-read a missing row first.
            create(em, institution);
            known.add(institution);
        }
        State state = find(em, institution);
        if (state == null) {
            // Removed behind our back: create it again from the stored events.
            create(em, institution);
            state = find(em, institution);
        }
        if (state == null) {
            throw new IllegalStateException("the audit chain head could not be created");
        }
        return state;
    }

    /** Locks an existing head without creating one: for checkpoints and purges of an institution that may have none. */
    @Nullable State lockExisting(EntityManager em, String institution) {
        return find(em, institution);
    }

    void moveTo(EntityManager em, String institution, long sequence, @Nullable String link) {
        if (link == null) {
            em.createNativeQuery("UPDATE " + TABLE + " SET last_sequence = ?1 WHERE institution_id = ?2")
                    .setParameter(1, sequence).setParameter(2, institution).executeUpdate();
        } else {
            em.createNativeQuery("UPDATE " + TABLE + " SET last_sequence = ?1, last_link = ?2 WHERE institution_id = ?3")
                    .setParameter(1, sequence).setParameter(2, link).setParameter(3, institution).executeUpdate();
        }
    }

    List<String> institutions(EntityManager em) {
        List<?> ids = em.createNativeQuery("SELECT institution_id FROM " + TABLE).getResultList();
        return ids.stream().map(String.class::cast).toList();
    }

    private @Nullable State find(EntityManager em, String institution) {
        List<?> found = em.createNativeQuery("SELECT last_sequence, last_link FROM " + TABLE
                + " WHERE institution_id = ?1 FOR UPDATE").setParameter(1, institution).getResultList();
        if (found.isEmpty()) {
            return null;
        }
        Object[] row = (Object[]) found.get(0);
        return new State(((Number) row[0]).longValue(), (String) row[1]);
    }

    private void create(EntityManager em, String institution) {
        List<AuditEventEntity> newest = em.createQuery("SELECT e FROM PortalAuditEvent e"
                        + " WHERE e.institutionId = :institution ORDER BY e.sequence DESC", AuditEventEntity.class)
                .setParameter("institution", institution).setMaxResults(1).getResultList();
        long last = newest.isEmpty() ? 0 : newest.get(0).sequence;
        String link = newest.isEmpty() ? null : newest.get(0).linkMac;
        if (link == null) {
            rows.insertIfAbsent(em, TABLE, "institution_id", new String[] {"institution_id", "last_sequence"},
                    new Object[] {institution, last});
        } else {
            rows.insertIfAbsent(em, TABLE, "institution_id",
                    new String[] {"institution_id", "last_sequence", "last_link"}, new Object[] {institution, last, link});
        }
    }
}
