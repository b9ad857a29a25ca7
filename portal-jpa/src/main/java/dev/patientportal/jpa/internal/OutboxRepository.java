package dev.patientportal.jpa.internal;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's SQL. Every method runs in the caller's unit of work on the given entity manager.
 *
 * <p>A claim takes a batch in as few statements as the database allows (see {@link ClaimMode}; the statements are
 * {@link OutboxClaims}'); each sets the lease owner to a fresh claim token, moves {@code next_attempt_at} to the end of
 * the lease and counts the attempt, and parks due rows whose attempts are used up. Outcomes are recorded per batch by
 * {@link OutboxOutcomes}. This class keeps the insert, the dispatcher's unit of work, the claim's entry point and the
 * staff's view of parked rows.
 */
public final class OutboxRepository {
    /** A claimed message: the intent, the claim token, the attempt this is, and the last attempt's checkpoint. */
    public record Claimed(
            NotificationIntent intent,
            String token,
            int attempt,
            @Nullable String checkpoint) {}

    /** A parked message as stored. */
    public record Parked(
            NotificationIntent intent,
            int attempts,
            @Nullable String lastError,
            Instant parkedAt) {}

    /** A retry to record: when the row is due again, why, and what to hand back then. */
    public record Retry(
            String id, Instant next, String error, @Nullable String checkpoint) {}

    /** A message to park: why, and what to hand back if staff retry it. */
    public record Park(String id, String error, @Nullable String checkpoint) {}

    /** How a claim takes its rows. */
    public enum ClaimMode {
        /**
         * PostgreSQL: one {@code UPDATE ... WHERE id IN (SELECT id ... FOR UPDATE SKIP LOCKED LIMIT n) RETURNING ...}
         * that claims, parks the exhausted and returns the claimed rows.
         */
        UPDATE_RETURNING,
        /**
         * MariaDB, MySQL 8, H2: {@code SELECT ... FOR UPDATE SKIP LOCKED LIMIT n} of whole rows, then one
         * {@code UPDATE ... WHERE id IN (...)} on the rows it locked (and one more when some are exhausted).
         */
        LOCK_THEN_UPDATE,
        /**
         * Any database: candidates read without locks, one conditional {@code UPDATE ... WHERE id IN (...) AND state =
         * 'PENDING' AND next_attempt_at <= now}, and the rows it took read back by claim token.
         */
        CONDITIONAL
    }

    /** Vendor hint, ignored by other providers: no snapshots or dirty checks for rows only read. */
    static final String READ_ONLY = "org.hibernate.readOnly";

    private OutboxRepository() {}

    /** Inserts a pending row for an intent, due at {@code now}. */
    public static void insert(EntityManager em, NotificationIntent intent, Instant now) {
        OutboxEntity e = new OutboxEntity(intent.id().toString());
        e.intentType = intent.type().name();
        e.institutionId = intent.institution().value();
        e.patientId = intent.patient().value();
        e.subjectId = intent.subjectId();
        e.smsEnabled = intent.smsEnabled();
        e.intentCreatedAt = intent.createdAt();
        e.attributes = JsonMaps.write(intent.attributes());
        e.state = OutboxEntity.PENDING;
        e.attempts = 0;
        e.nextAttemptAt = now;
        e.createdAt = now;
        e.updatedAt = now;
        em.persist(e);
        em.flush();
    }

    /**
     * Runs a dispatcher's unit of work (a claim, or a batch's outcomes) from its first statement on. On MariaDB and
     * MySQL the transaction runs in {@code READ COMMITTED}: under InnoDB's default {@code REPEATABLE READ} a locking
     * read, an {@code UPDATE} or a {@code DELETE} also locks the gaps of what it scans (all of a small outbox table
     * when the optimizer prefers a scan to an id list), so a publish inserting a notification in the host's transaction
     * waits for the dispatcher, while the dispatcher's scan waits for the rows that publish inserted before: a
     * deadlock, and the publish may be its victim. In {@code READ COMMITTED} the statements lock the rows they change,
     * and skip rows others hold that do not match. Every statement here is correct at either level (claims are decided
     * by row locks and by conditions on the latest row, never by a snapshot). The session's level is set before the
     * transaction's first statement and put back after the last, so the pooled connection keeps its own; a driver that
     * refuses leaves the default level.
     */
    public static <T> T dispatcherWork(EntityManager em, java.util.function.Supplier<T> work) {
        SqlDialect.Vendor vendor = SqlDialect.of(em).vendor();
        if (vendor != SqlDialect.Vendor.MARIADB && vendor != SqlDialect.Vendor.MYSQL) {
            return work.get();
        }
        Integer previous = em.<java.sql.Connection, Integer>callWithConnection(c -> {
            try {
                int level = c.getTransactionIsolation();
                if (level == java.sql.Connection.TRANSACTION_READ_COMMITTED) {
                    return null;
                }
                c.setTransactionIsolation(java.sql.Connection.TRANSACTION_READ_COMMITTED);
                return level;
            } catch (java.sql.SQLException e) {
                return null;
            }
        });
        try {
            return work.get();
        } finally {
            if (previous != null) {
                em.runWithConnection((java.sql.Connection c) -> {
                    try {
                        // A session setting: the transaction in progress stays in READ COMMITTED until it ends.
                        c.setTransactionIsolation(previous);
                    } catch (java.sql.SQLException e) {
                        // the next unit on this connection runs in READ COMMITTED too, which is harmless
                    }
                });
            }
        }
    }

    /** Whether the connected database supports {@code FOR UPDATE SKIP LOCKED}. */
    public static boolean supportsSkipLocked(EntityManager em) {
        return SqlDialect.of(em).supportsSkipLocked();
    }

    /**
     * The claim mode for the connected database.
     *
     * @param skipLocked forced on or off, or {@code null} to detect whether the database has {@code SKIP LOCKED}
     */
    public static ClaimMode claimMode(EntityManager em, @Nullable Boolean skipLocked) {
        SqlDialect dialect = SqlDialect.of(em);
        boolean skip = skipLocked != null ? skipLocked : dialect.supportsSkipLocked();
        if (!skip) {
            return ClaimMode.CONDITIONAL;
        }
        return dialect.supportsUpdateReturning() ? ClaimMode.UPDATE_RETURNING : ClaimMode.LOCK_THEN_UPDATE;
    }

    /**
     * Claims up to {@code limit} due rows for {@code leaseUntil}, in the mode the database allows. Due rows whose
     * attempts are used up (their last claim never completed) are parked instead.
     */
    public static List<Claimed> claim(
            EntityManager em, boolean skipLocked, Instant now, Instant leaseUntil, int limit, int maxAttempts) {
        return claim(em, claimMode(em, skipLocked), now, leaseUntil, limit, maxAttempts);
    }

    /**
     * Claims up to {@code limit} due rows for {@code leaseUntil}. Due rows whose attempts are used up (their last claim
     * never completed) are parked instead.
     */
    public static List<Claimed> claim(
            EntityManager em, ClaimMode mode, Instant now, Instant leaseUntil, int limit, int maxAttempts) {
        String token = UUID.randomUUID().toString();
        return dispatcherWork(em, () -> switch (mode) {
            case UPDATE_RETURNING -> OutboxClaims.claimReturning(em, token, now, leaseUntil, limit, maxAttempts);
            case LOCK_THEN_UPDATE -> OutboxClaims.claimLocked(em, token, now, leaseUntil, limit, maxAttempts);
            case CONDITIONAL -> OutboxClaims.claimConditionally(em, token, now, leaseUntil, limit, maxAttempts);
        });
    }

    /** Lists parked rows, most recently parked first. */
    public static List<Parked> parked(EntityManager em, @Nullable InstitutionId institution, int limit) {
        String jpql = "SELECT o FROM PortalOutbox o WHERE o.state = :parked"
                + (institution == null ? "" : " AND o.institutionId = :institution")
                + " ORDER BY o.updatedAt DESC, o.id DESC";
        var q = em.createQuery(jpql, OutboxEntity.class).setParameter("parked", OutboxEntity.PARKED);
        if (institution != null) {
            q.setParameter("institution", institution.value());
        }
        return q.setMaxResults(limit).getResultList().stream()
                .map(e -> new Parked(toIntent(e), e.attempts, e.lastError, e.updatedAt))
                .toList();
    }

    /** Makes a parked row pending again with fresh attempts; returns whether it was parked. */
    public static boolean unpark(EntityManager em, String id, Instant now) {
        return em.createQuery("UPDATE PortalOutbox o SET o.state = :pending, o.attempts = 0, o.nextAttemptAt = :now,"
                                + " o.leaseOwner = NULL, o.updatedAt = :now WHERE o.id = :id AND o.state = :parked")
                        .setParameter("pending", OutboxEntity.PENDING)
                        .setParameter("now", now)
                        .setParameter("id", id)
                        .setParameter("parked", OutboxEntity.PARKED)
                        .executeUpdate()
                == 1;
    }

    /** Deletes a parked row; returns whether it was parked. */
    public static boolean discard(EntityManager em, String id) {
        return em.createQuery("DELETE FROM PortalOutbox o WHERE o.id = :id AND o.state = :parked")
                        .setParameter("id", id)
                        .setParameter("parked", OutboxEntity.PARKED)
                        .executeUpdate()
                == 1;
    }

    /** Counts rows in a state ({@code PENDING} or {@code PARKED}). */
    public static long count(EntityManager em, String state) {
        Long n = em.createQuery("SELECT COUNT(o) FROM PortalOutbox o WHERE o.state = :state", Long.class)
                .setParameter("state", state)
                .getSingleResult();
        return n == null ? 0 : n;
    }

    /**
     * The earliest next attempt time of the due rows (pending, next attempt time passed): one range of the index
     * {@code (state, next_attempt_at)}, its first entry.
     *
     * @return the time, or {@code null} when nothing is due
     */
    public static @Nullable Instant oldestDue(EntityManager em, Instant now) {
        return em.createQuery(
                        "SELECT MIN(o.nextAttemptAt) FROM PortalOutbox o WHERE o.state = :state"
                                + " AND o.nextAttemptAt <= :now",
                        Instant.class)
                .setParameter("state", OutboxEntity.PENDING)
                .setParameter("now", now)
                .setHint(READ_ONLY, true)
                .getSingleResult();
    }

    /** The state name of pending rows. */
    public static String pendingState() {
        return OutboxEntity.PENDING;
    }

    /** The state name of parked rows. */
    public static String parkedState() {
        return OutboxEntity.PARKED;
    }

    static NotificationIntent toIntent(OutboxEntity e) {
        return new NotificationIntent(
                UUID.fromString(e.id),
                NotificationIntent.Type.valueOf(e.intentType),
                InstitutionId.of(e.institutionId),
                PatientId.of(e.patientId),
                e.subjectId,
                e.smsEnabled,
                e.intentCreatedAt,
                JsonMaps.read(e.attributes));
    }
}
