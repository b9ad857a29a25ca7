package dev.patientportal.jpa.internal;

import dev.patientportal.jpa.internal.OutboxRepository.Claimed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The three ways of {@link OutboxRepository#claim} to take a batch, one per {@link OutboxRepository.ClaimMode}: each
 * sets the lease owner to the claim token, moves {@code next_attempt_at} to the end of the lease and counts the
 * attempt, and parks due rows whose attempts are used up. Every method runs in the caller's unit of work.
 */
final class OutboxClaims {
    private static final String EXHAUSTED = "attempts-exhausted:lease-expired";

    private static final String COLUMNS = "id, intent_type, institution_id, patient_id, subject_id, sms_enabled,"
            + " intent_created_at, attributes, state, attempts, next_attempt_at, lease_owner, last_error, checkpoint,"
            + " created_at, updated_at";

    private OutboxClaims() {}

    static List<Claimed> claimReturning(
            EntityManager em, String token, Instant now, Instant until, int limit, int max) {
        // Every right-hand side reads the row as it was before this UPDATE, so the CASEs agree on who is exhausted.
        // LIMIT is a validated int, written into the SQL: drivers differ in binding it next to FOR UPDATE. Ordering by
        // next_attempt_at alone lets the index (state, next_attempt_at) deliver the order without a sort.
        String sql = "UPDATE portal_outbox SET"
                + " state = CASE WHEN attempts >= ?4 THEN 'PARKED' ELSE state END,"
                + " lease_owner = CASE WHEN attempts >= ?4 THEN NULL ELSE ?1 END,"
                + " last_error = CASE WHEN attempts >= ?4 THEN '" + EXHAUSTED + "' ELSE last_error END,"
                + " next_attempt_at = CASE WHEN attempts >= ?4 THEN next_attempt_at ELSE ?2 END,"
                + " updated_at = ?3,"
                + " attempts = CASE WHEN attempts >= ?4 THEN attempts ELSE attempts + 1 END"
                + " WHERE id IN (SELECT id FROM portal_outbox WHERE state = 'PENDING' AND next_attempt_at <= ?3"
                + " ORDER BY next_attempt_at LIMIT " + limit + " FOR UPDATE SKIP LOCKED)"
                + " RETURNING " + COLUMNS;
        List<OutboxEntity> rows = entities(em.createNativeQuery(sql, OutboxEntity.class)
                .setParameter(1, token)
                .setParameter(2, until)
                .setParameter(3, now)
                .setParameter(4, max)
                .setHint(OutboxRepository.READ_ONLY, true));
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (OutboxEntity e : rows) {
            if (token.equals(e.leaseOwner)) {
                claimed.add(new Claimed(OutboxRepository.toIntent(e), token, e.attempts, e.checkpoint));
            }
        }
        return claimed;
    }

    static List<Claimed> claimLocked(EntityManager em, String token, Instant now, Instant until, int limit, int max) {
        List<OutboxEntity> rows = entities(em.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM portal_outbox"
                                + " WHERE state = 'PENDING' AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id"
                                + " LIMIT " + limit + " FOR UPDATE SKIP LOCKED",
                        OutboxEntity.class)
                .setParameter(1, now)
                .setHint(OutboxRepository.READ_ONLY, true));
        if (rows.isEmpty()) {
            return List.of();
        }
        List<OutboxEntity> claimable = new ArrayList<>(rows.size());
        List<String> exhausted = new ArrayList<>();
        for (OutboxEntity e : rows) {
            if (e.attempts < max) {
                claimable.add(e);
            } else {
                exhausted.add(e.id);
            }
        }
        if (!exhausted.isEmpty()) {
            parkExhausted(em, exhausted, now, max);
        }
        if (claimable.isEmpty()) {
            return List.of();
        }
        List<String> ids = claimable.stream().map(e -> e.id).toList();
        int taken = takeConditionally(em, token, ids, now, until, max);
        if (taken != ids.size()) {
            // The locks should make this impossible; if a database let a row change under them, trust only what the
            // token holds now.
            return readBack(em, token);
        }
        List<Claimed> claimed = new ArrayList<>(claimable.size());
        for (OutboxEntity e : claimable) {
            claimed.add(new Claimed(OutboxRepository.toIntent(e), token, e.attempts + 1, e.checkpoint));
        }
        return claimed;
    }

    static List<Claimed> claimConditionally(
            EntityManager em, String token, Instant now, Instant until, int limit, int max) {
        List<String> candidates = em.createQuery(
                        "SELECT o.id FROM PortalOutbox o WHERE o.state = :pending"
                                + " AND o.nextAttemptAt <= :now ORDER BY o.nextAttemptAt, o.id",
                        String.class)
                .setParameter("pending", OutboxEntity.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        int taken = takeConditionally(em, token, candidates, now, until, max);
        parkExhausted(em, candidates, now, max);
        return taken == 0 ? List.of() : readBack(em, token);
    }

    /** Takes the rows that are still due and not exhausted: a row another claim took meanwhile is left alone. */
    private static int takeConditionally(
            EntityManager em, String token, List<String> ids, Instant now, Instant until, int max) {
        int taken = 0;
        for (List<String> chunk : IdLists.chunks(ids)) {
            // attempts is assigned last: MariaDB evaluates SET assignments left to right.
            Query q = em.createNativeQuery("UPDATE portal_outbox SET lease_owner = ?1, next_attempt_at = ?2,"
                    + " updated_at = ?3, attempts = attempts + 1 WHERE id IN " + IdLists.marks(5, chunk.size())
                    + " AND state = 'PENDING' AND next_attempt_at <= ?3 AND attempts < ?4");
            q.setParameter(1, token).setParameter(2, until).setParameter(3, now).setParameter(4, max);
            taken += IdLists.bindIds(q, 5, chunk).executeUpdate();
        }
        return taken;
    }

    private static void parkExhausted(EntityManager em, List<String> ids, Instant now, int max) {
        for (List<String> chunk : IdLists.chunks(ids)) {
            Query q = em.createNativeQuery("UPDATE portal_outbox SET state = 'PARKED', lease_owner = NULL,"
                    + " last_error = '" + EXHAUSTED + "', updated_at = ?1 WHERE id IN " + IdLists.marks(3, chunk.size())
                    + " AND state = 'PENDING' AND next_attempt_at <= ?1 AND attempts >= ?2");
            q.setParameter(1, now).setParameter(2, max);
            IdLists.bindIds(q, 3, chunk).executeUpdate();
        }
    }

    private static List<Claimed> readBack(EntityManager em, String token) {
        em.clear();
        List<OutboxEntity> rows = em.createQuery(
                        "SELECT o FROM PortalOutbox o WHERE o.leaseOwner = :token" + " ORDER BY o.nextAttemptAt, o.id",
                        OutboxEntity.class)
                .setParameter("token", token)
                .setHint(OutboxRepository.READ_ONLY, true)
                .getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (OutboxEntity e : rows) {
            claimed.add(new Claimed(OutboxRepository.toIntent(e), token, e.attempts, e.checkpoint));
        }
        return claimed;
    }

    @SuppressWarnings("unchecked")
    private static List<OutboxEntity> entities(Query q) {
        return (List<OutboxEntity>) q.getResultList();
    }
}
