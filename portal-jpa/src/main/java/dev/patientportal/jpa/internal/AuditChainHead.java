package dev.patientportal.jpa.internal;

import dev.patientportal.core.TemporaryFailureException;
import jakarta.persistence.EntityManager;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * takes a gap lock, and two such gap locks followed by two inserts deadlock.
 *
 * <p>A unit of work of its own started on a thread whose enclosing unit of work already holds the same head (a refusal
 * audited with {@code inNewTransaction} inside a host transaction that recorded an event before) would wait for
 * itself forever; it fails at once with {@link TemporaryFailureException} instead. Thread-safe.
 */
final class AuditChainHead {
    private static final String TABLE = "portal_audit_chain_head";

    /** The locked state of a head. */
    record State(long lastSequence, @Nullable String lastLink) {}

    private final RowCreator rows;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    /** Per thread: which entity manager's unit of work holds each institution's head. */
    private final ThreadLocal<Map<String, WeakReference<Object>>> held = ThreadLocal.withInitial(HashMap::new);

    AuditChainHead(RowCreator rows) {
        this.rows = rows;
    }

    /** Locks an institution's head, creating it first when this node has not seen it. */
    State lock(EntityManager em, String institution) {
        refuseSelfDeadlock(em, institution);
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
    @Nullable
    State lockExisting(EntityManager em, String institution) {
        refuseSelfDeadlock(em, institution);
        return find(em, institution);
    }

    private void refuseSelfDeadlock(EntityManager em, String institution) {
        // The provider's own session, not the object handed in: a container's shared proxy stays one object across
        // the units of work it stands for.
        Object session = em.getDelegate();
        Map<String, WeakReference<Object>> mine = held.get();
        WeakReference<Object> ref = mine.get(institution);
        Object holder = ref == null ? null : ref.get();
        if (holder != null && holder != session && stillHolds(holder)) {
            throw new TemporaryFailureException("The audit chain head of this institution is held by an enclosing unit"
                    + " of work on this thread; an audit event in a unit of work of its own would wait for it forever");
        }
        mine.put(institution, new WeakReference<>(session));
    }

    private static boolean stillHolds(Object session) {
        try {
            return session instanceof EntityManager em && em.isOpen() && em.isJoinedToTransaction();
        } catch (RuntimeException e) {
            return false;
        }
    }

    void moveTo(EntityManager em, String institution, long sequence, @Nullable String link) {
        if (link == null) {
            em.createNativeQuery("UPDATE " + TABLE + " SET last_sequence = ?1 WHERE institution_id = ?2")
                    .setParameter(1, sequence)
                    .setParameter(2, institution)
                    .executeUpdate();
        } else {
            em.createNativeQuery(
                            "UPDATE " + TABLE + " SET last_sequence = ?1, last_link = ?2 WHERE institution_id = ?3")
                    .setParameter(1, sequence)
                    .setParameter(2, link)
                    .setParameter(3, institution)
                    .executeUpdate();
        }
    }

    List<String> institutions(EntityManager em) {
        List<?> ids =
                em.createNativeQuery("SELECT institution_id FROM " + TABLE).getResultList();
        return ids.stream().map(String.class::cast).toList();
    }

    private @Nullable State find(EntityManager em, String institution) {
        List<?> found = em.createNativeQuery(
                        "SELECT last_sequence, last_link FROM " + TABLE + " WHERE institution_id = ?1 FOR UPDATE")
                .setParameter(1, institution)
                .getResultList();
        if (found.isEmpty()) {
            return null;
        }
        Object[] row = (Object[]) found.get(0);
        return new State(((Number) row[0]).longValue(), (String) row[1]);
    }

    private void create(EntityManager em, String institution) {
        List<AuditEventEntity> newest = em.createQuery(
                        "SELECT e FROM PortalAuditEvent e"
                                + " WHERE e.institutionId = :institution ORDER BY e.sequence DESC",
                        AuditEventEntity.class)
                .setParameter("institution", institution)
                .setMaxResults(1)
                .getResultList();
        long last = newest.isEmpty() ? 0 : newest.get(0).sequence;
        String link = newest.isEmpty() ? null : newest.get(0).linkMac;
        if (link == null) {
            rows.insertIfAbsent(
                    em, TABLE, "institution_id", new String[] {"institution_id", "last_sequence"}, new Object[] {
                        institution, last
                    });
        } else {
            rows.insertIfAbsent(
                    em,
                    TABLE,
                    "institution_id",
                    new String[] {"institution_id", "last_sequence", "last_link"},
                    new Object[] {institution, last, link});
        }
    }
}
