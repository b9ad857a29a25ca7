package dev.patientportal.jpa.internal;

import dev.patientportal.jpa.internal.OutboxRepository.Park;
import dev.patientportal.jpa.internal.OutboxRepository.Retry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.List;

/**
 * The outcomes of a claimed batch, recorded per batch: one statement per kind of outcome for all the rows of that kind,
 * each only where the claim token still holds the row. Every method runs in the caller's unit of work.
 */
public final class OutboxOutcomes {
    private OutboxOutcomes() {}

    /** Deletes the delivered rows this claim still holds, in one statement per 256; returns how many it deleted. */
    public static int delivered(EntityManager em, String token, List<String> ids) {
        int n = 0;
        for (List<String> chunk : IdLists.chunks(ids)) {
            Query q = em.createNativeQuery(
                    "DELETE FROM portal_outbox WHERE lease_owner = ?1 AND id IN " + IdLists.marks(2, chunk.size()));
            n += IdLists.bindIds(q.setParameter(1, token), 2, chunk).executeUpdate();
        }
        return n;
    }

    /** Gives claimed rows back undelivered (shutdown): due now, the attempt not counted; returns how many. */
    public static int release(EntityManager em, String token, List<String> ids, Instant now) {
        int n = 0;
        for (List<String> chunk : IdLists.chunks(ids)) {
            Query q = em.createNativeQuery("UPDATE portal_outbox SET lease_owner = NULL, next_attempt_at = ?2,"
                    + " attempts = attempts - 1, updated_at = ?2 WHERE lease_owner = ?1 AND id IN "
                    + IdLists.marks(3, chunk.size()));
            n += IdLists.bindIds(q.setParameter(1, token).setParameter(2, now), 3, chunk)
                    .executeUpdate();
        }
        return n;
    }

    /**
     * Schedules another attempt of each row this claim still holds, each at its own time, in one statement per 64;
     * returns how many it rescheduled.
     */
    public static int retry(EntityManager em, String token, List<Retry> retries, Instant now) {
        int n = 0;
        for (List<Retry> chunk : IdLists.chunks(retries, 64)) {
            // One CASE per column keyed by id; the provider types each value from the column it is assigned to.
            StringBuilder next = new StringBuilder("CASE o.id");
            StringBuilder error = new StringBuilder("CASE o.id");
            StringBuilder checkpoint = new StringBuilder("CASE o.id");
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < chunk.size(); i++) {
                next.append(" WHEN :i").append(i).append(" THEN :n").append(i);
                error.append(" WHEN :i").append(i).append(" THEN :e").append(i);
                checkpoint.append(" WHEN :i").append(i).append(" THEN :c").append(i);
                in.append(i == 0 ? ":i" : ", :i").append(i);
            }
            Query q = em.createQuery("UPDATE PortalOutbox o SET o.leaseOwner = NULL, o.nextAttemptAt = " + next
                    + " ELSE o.nextAttemptAt END, o.lastError = " + error + " ELSE o.lastError END, o.checkpoint = "
                    + checkpoint + " ELSE o.checkpoint END, o.updatedAt = :now WHERE o.leaseOwner = :token"
                    + " AND o.id IN (" + in + ")");
            for (int i = 0; i < chunk.size(); i++) {
                Retry r = chunk.get(i);
                q.setParameter("i" + i, r.id())
                        .setParameter("n" + i, r.next())
                        .setParameter("e" + i, r.error())
                        .setParameter("c" + i, r.checkpoint());
            }
            n += q.setParameter("now", now).setParameter("token", token).executeUpdate();
        }
        return n;
    }

    /** Parks each row this claim still holds, with its own reason, in one statement per 64; returns how many. */
    public static int park(EntityManager em, String token, List<Park> parks, Instant now) {
        int n = 0;
        for (List<Park> chunk : IdLists.chunks(parks, 64)) {
            StringBuilder error = new StringBuilder("CASE o.id");
            StringBuilder checkpoint = new StringBuilder("CASE o.id");
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < chunk.size(); i++) {
                error.append(" WHEN :i").append(i).append(" THEN :e").append(i);
                checkpoint.append(" WHEN :i").append(i).append(" THEN :c").append(i);
                in.append(i == 0 ? ":i" : ", :i").append(i);
            }
            Query q = em.createQuery("UPDATE PortalOutbox o SET o.state = :parked, o.leaseOwner = NULL, o.lastError = "
                    + error + " ELSE o.lastError END, o.checkpoint = " + checkpoint + " ELSE o.checkpoint END,"
                    + " o.updatedAt = :now WHERE o.leaseOwner = :token AND o.id IN (" + in + ")");
            for (int i = 0; i < chunk.size(); i++) {
                Park p = chunk.get(i);
                q.setParameter("i" + i, p.id()).setParameter("e" + i, p.error()).setParameter("c" + i, p.checkpoint());
            }
            n += q.setParameter("parked", OutboxEntity.PARKED)
                    .setParameter("now", now)
                    .setParameter("token", token)
                    .executeUpdate();
        }
        return n;
    }
}
