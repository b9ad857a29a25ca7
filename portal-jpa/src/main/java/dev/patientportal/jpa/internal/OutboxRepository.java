package dev.patientportal.jpa.internal;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's SQL. Every method runs in the caller's unit of work on the given entity manager.
 *
 * <p>Claiming is two steps in one short transaction: pick candidate ids, then take each with a conditional update
 * ({@code ... WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= now}) that sets the lease owner and moves
 * {@code next_attempt_at} to the end of the lease. The conditional update alone is correct on any database; where
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} exists (PostgreSQL, MariaDB 10.6+, MySQL 8, H2 2.2+) the candidates are
 * picked with it, so concurrent dispatchers take disjoint rows instead of queueing on each other's locks.
 */
public final class OutboxRepository {
    /** A claimed message: the intent, the claim token, the attempt this is, and the last attempt's checkpoint. */
    public record Claimed(NotificationIntent intent, String token, int attempt, @Nullable String checkpoint) {}

    /** A parked message as stored. */
    public record Parked(NotificationIntent intent, int attempts, @Nullable String lastError, Instant parkedAt) {}

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

    /** Whether the connected database supports {@code FOR UPDATE SKIP LOCKED}. */
    public static boolean supportsSkipLocked(EntityManager em) {
        return em.<Connection, Boolean>callWithConnection(c -> {
            try {
                DatabaseMetaData md = c.getMetaData();
                String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
                String version = md.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
                int major = md.getDatabaseMajorVersion();
                int minor = md.getDatabaseMinorVersion();
                if (product.contains("postgres")) {
                    return major >= 10 || (major == 9 && minor >= 5);
                }
                if (product.contains("mariadb") || version.contains("mariadb")) {
                    return major > 10 || (major == 10 && minor >= 6);
                }
                if (product.contains("mysql")) {
                    return major >= 8;
                }
                if (product.equals("h2")) {
                    return major > 2 || (major == 2 && minor >= 2);
                }
                return false;
            } catch (SQLException e) {
                return false;
            }
        });
    }

    /**
     * Claims up to {@code limit} due rows for {@code leaseUntil}. Due rows whose attempts are used up (their last
     * claim never completed) are parked instead.
     */
    public static List<Claimed> claim(EntityManager em, boolean skipLocked, Instant now, Instant leaseUntil, int limit,
            int maxAttempts) {
        List<String> candidates = candidates(em, skipLocked, now, limit);
        if (candidates.isEmpty()) {
            return List.of();
        }
        String token = UUID.randomUUID().toString();
        int claimedRows = 0;
        for (String id : candidates) {
            claimedRows += em.createQuery("UPDATE PortalOutbox o SET o.leaseOwner = :token, o.nextAttemptAt = :until,"
                            + " o.attempts = o.attempts + 1, o.updatedAt = :now WHERE o.id = :id AND o.state = :pending"
                            + " AND o.nextAttemptAt <= :now AND o.attempts < :max")
                    .setParameter("token", token).setParameter("until", leaseUntil).setParameter("now", now)
                    .setParameter("id", id).setParameter("pending", OutboxEntity.PENDING)
                    .setParameter("max", maxAttempts).executeUpdate();
        }
        em.createQuery("UPDATE PortalOutbox o SET o.state = :parked, o.leaseOwner = NULL, o.lastError = :error,"
                        + " o.updatedAt = :now WHERE o.id IN :ids AND o.state = :pending AND o.nextAttemptAt <= :now"
                        + " AND o.attempts >= :max")
                .setParameter("parked", OutboxEntity.PARKED).setParameter("error", "attempts-exhausted:lease-expired")
                .setParameter("now", now).setParameter("ids", candidates).setParameter("pending", OutboxEntity.PENDING)
                .setParameter("max", maxAttempts).executeUpdate();
        if (claimedRows == 0) {
            return List.of();
        }
        List<OutboxEntity> rows = em.createQuery("SELECT o FROM PortalOutbox o WHERE o.leaseOwner = :token"
                        + " ORDER BY o.nextAttemptAt, o.id", OutboxEntity.class)
                .setParameter("token", token).getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (OutboxEntity e : rows) {
            claimed.add(new Claimed(toIntent(e), token, e.attempts, e.checkpoint));
        }
        return claimed;
    }

    private static List<String> candidates(EntityManager em, boolean skipLocked, Instant now, int limit) {
        if (skipLocked) {
            // LIMIT is a validated int, written into the SQL: drivers and providers differ in binding it next to FOR
            // UPDATE, and a provider's own row limiting would wrap the locking clause.
            List<?> ids = em.createNativeQuery("SELECT id FROM portal_outbox WHERE state = 'PENDING'"
                            + " AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT " + limit
                            + " FOR UPDATE SKIP LOCKED")
                    .setParameter(1, now).getResultList();
            List<String> out = new ArrayList<>(ids.size());
            for (Object id : ids) {
                out.add(String.valueOf(id).strip());
            }
            return out;
        }
        return em.createQuery("SELECT o.id FROM PortalOutbox o WHERE o.state = :pending AND o.nextAttemptAt <= :now"
                        + " ORDER BY o.nextAttemptAt, o.id", String.class)
                .setParameter("pending", OutboxEntity.PENDING).setParameter("now", now)
                .setMaxResults(limit).getResultList();
    }

    /** Deletes a delivered row if this claim still holds it; returns whether it did. */
    public static boolean delivered(EntityManager em, String id, String token) {
        return em.createQuery("DELETE FROM PortalOutbox o WHERE o.id = :id AND o.leaseOwner = :token")
                .setParameter("id", id).setParameter("token", token).executeUpdate() == 1;
    }

    /** Schedules another attempt if this claim still holds the row; returns whether it did. */
    public static boolean retryAt(EntityManager em, String id, String token, Instant next, String error,
            @Nullable String checkpoint, Instant now) {
        return em.createQuery("UPDATE PortalOutbox o SET o.leaseOwner = NULL, o.nextAttemptAt = :next,"
                        + " o.lastError = :error, o.checkpoint = :checkpoint, o.updatedAt = :now WHERE o.id = :id"
                        + " AND o.leaseOwner = :token")
                .setParameter("next", next).setParameter("error", error).setParameter("checkpoint", checkpoint)
                .setParameter("now", now).setParameter("id", id).setParameter("token", token).executeUpdate() == 1;
    }

    /** Parks the row if this claim still holds it; returns whether it did. */
    public static boolean park(EntityManager em, String id, String token, String error, @Nullable String checkpoint,
            Instant now) {
        return em.createQuery("UPDATE PortalOutbox o SET o.state = :parked, o.leaseOwner = NULL,"
                        + " o.lastError = :error, o.checkpoint = :checkpoint, o.updatedAt = :now WHERE o.id = :id"
                        + " AND o.leaseOwner = :token")
                .setParameter("parked", OutboxEntity.PARKED).setParameter("error", error)
                .setParameter("checkpoint", checkpoint).setParameter("now", now)
                .setParameter("id", id).setParameter("token", token).executeUpdate() == 1;
    }

    /** Gives a claimed row back undelivered (shutdown): due now, the attempt not counted. */
    public static boolean release(EntityManager em, String id, String token, Instant now) {
        return em.createQuery("UPDATE PortalOutbox o SET o.leaseOwner = NULL, o.nextAttemptAt = :now,"
                        + " o.attempts = o.attempts - 1, o.updatedAt = :now WHERE o.id = :id AND o.leaseOwner = :token")
                .setParameter("now", now).setParameter("id", id).setParameter("token", token).executeUpdate() == 1;
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
                .map(e -> new Parked(toIntent(e), e.attempts, e.lastError, e.updatedAt)).toList();
    }

    /** Makes a parked row pending again with fresh attempts; returns whether it was parked. */
    public static boolean unpark(EntityManager em, String id, Instant now) {
        return em.createQuery("UPDATE PortalOutbox o SET o.state = :pending, o.attempts = 0, o.nextAttemptAt = :now,"
                        + " o.leaseOwner = NULL, o.updatedAt = :now WHERE o.id = :id AND o.state = :parked")
                .setParameter("pending", OutboxEntity.PENDING).setParameter("now", now).setParameter("id", id)
                .setParameter("parked", OutboxEntity.PARKED).executeUpdate() == 1;
    }

    /** Deletes a parked row; returns whether it was parked. */
    public static boolean discard(EntityManager em, String id) {
        return em.createQuery("DELETE FROM PortalOutbox o WHERE o.id = :id AND o.state = :parked")
                .setParameter("id", id).setParameter("parked", OutboxEntity.PARKED).executeUpdate() == 1;
    }

    /** Counts rows in a state ({@code PENDING} or {@code PARKED}). */
    public static long count(EntityManager em, String state) {
        Long n = em.createQuery("SELECT COUNT(o) FROM PortalOutbox o WHERE o.state = :state", Long.class)
                .setParameter("state", state).getSingleResult();
        return n == null ? 0 : n;
    }

    /** The state name of pending rows. */
    public static String pendingState() {
        return OutboxEntity.PENDING;
    }

    /** The state name of parked rows. */
    public static String parkedState() {
        return OutboxEntity.PARKED;
    }

    private static NotificationIntent toIntent(OutboxEntity e) {
        return new NotificationIntent(UUID.fromString(e.id), NotificationIntent.Type.valueOf(e.intentType),
                InstitutionId.of(e.institutionId), PatientId.of(e.patientId), e.subjectId, e.smsEnabled,
                e.intentCreatedAt, JsonMaps.read(e.attributes));
    }
}
