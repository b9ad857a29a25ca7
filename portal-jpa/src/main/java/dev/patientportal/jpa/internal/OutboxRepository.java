package dev.patientportal.jpa.internal;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's SQL. Every method runs in the caller's unit of work on the given entity manager.
 *
 * <p>A claim takes a batch in as few statements as the database allows (see {@link ClaimMode}); each sets the lease
 * owner to a fresh claim token, moves {@code next_attempt_at} to the end of the lease and counts the attempt, and parks
 * due rows whose attempts are used up. Outcomes are recorded per batch: one statement per kind of outcome for all the
 * rows of that kind, each only where the claim token still holds the row.
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

    private static final String EXHAUSTED = "attempts-exhausted:lease-expired";
    /** Largest id list in one statement; lists are padded to a power of two so few statement shapes exist. */
    private static final int CHUNK = 256;

    private static final String COLUMNS = "id, intent_type, institution_id, patient_id, subject_id, sms_enabled,"
            + " intent_created_at, attributes, state, attempts, next_attempt_at, lease_owner, last_error, checkpoint,"
            + " created_at, updated_at";

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
            case UPDATE_RETURNING -> claimReturning(em, token, now, leaseUntil, limit, maxAttempts);
            case LOCK_THEN_UPDATE -> claimLocked(em, token, now, leaseUntil, limit, maxAttempts);
            case CONDITIONAL -> claimConditionally(em, token, now, leaseUntil, limit, maxAttempts);
        });
    }

    private static List<Claimed> claimReturning(
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
                .setHint(READ_ONLY, true));
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (OutboxEntity e : rows) {
            if (token.equals(e.leaseOwner)) {
                claimed.add(new Claimed(toIntent(e), token, e.attempts, e.checkpoint));
            }
        }
        return claimed;
    }

    private static List<Claimed> claimLocked(
            EntityManager em, String token, Instant now, Instant until, int limit, int max) {
        List<OutboxEntity> rows = entities(em.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM portal_outbox"
                                + " WHERE state = 'PENDING' AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id"
                                + " LIMIT " + limit + " FOR UPDATE SKIP LOCKED",
                        OutboxEntity.class)
                .setParameter(1, now)
                .setHint(READ_ONLY, true));
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
            claimed.add(new Claimed(toIntent(e), token, e.attempts + 1, e.checkpoint));
        }
        return claimed;
    }

    private static List<Claimed> claimConditionally(
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
        for (List<String> chunk : chunks(ids)) {
            // attempts is assigned last: MariaDB evaluates SET assignments left to right.
            Query q = em.createNativeQuery("UPDATE portal_outbox SET lease_owner = ?1, next_attempt_at = ?2,"
                    + " updated_at = ?3, attempts = attempts + 1 WHERE id IN " + marks(5, chunk.size())
                    + " AND state = 'PENDING' AND next_attempt_at <= ?3 AND attempts < ?4");
            q.setParameter(1, token).setParameter(2, until).setParameter(3, now).setParameter(4, max);
            taken += bindIds(q, 5, chunk).executeUpdate();
        }
        return taken;
    }

    private static void parkExhausted(EntityManager em, List<String> ids, Instant now, int max) {
        for (List<String> chunk : chunks(ids)) {
            Query q = em.createNativeQuery("UPDATE portal_outbox SET state = 'PARKED', lease_owner = NULL,"
                    + " last_error = '" + EXHAUSTED + "', updated_at = ?1 WHERE id IN " + marks(3, chunk.size())
                    + " AND state = 'PENDING' AND next_attempt_at <= ?1 AND attempts >= ?2");
            q.setParameter(1, now).setParameter(2, max);
            bindIds(q, 3, chunk).executeUpdate();
        }
    }

    private static List<Claimed> readBack(EntityManager em, String token) {
        em.clear();
        List<OutboxEntity> rows = em.createQuery(
                        "SELECT o FROM PortalOutbox o WHERE o.leaseOwner = :token" + " ORDER BY o.nextAttemptAt, o.id",
                        OutboxEntity.class)
                .setParameter("token", token)
                .setHint(READ_ONLY, true)
                .getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (OutboxEntity e : rows) {
            claimed.add(new Claimed(toIntent(e), token, e.attempts, e.checkpoint));
        }
        return claimed;
    }

    /** Deletes the delivered rows this claim still holds, in one statement per 256; returns how many it deleted. */
    public static int delivered(EntityManager em, String token, List<String> ids) {
        int n = 0;
        for (List<String> chunk : chunks(ids)) {
            Query q = em.createNativeQuery(
                    "DELETE FROM portal_outbox WHERE lease_owner = ?1 AND id IN " + marks(2, chunk.size()));
            n += bindIds(q.setParameter(1, token), 2, chunk).executeUpdate();
        }
        return n;
    }

    /** Gives claimed rows back undelivered (shutdown): due now, the attempt not counted; returns how many. */
    public static int release(EntityManager em, String token, List<String> ids, Instant now) {
        int n = 0;
        for (List<String> chunk : chunks(ids)) {
            Query q = em.createNativeQuery("UPDATE portal_outbox SET lease_owner = NULL, next_attempt_at = ?2,"
                    + " attempts = attempts - 1, updated_at = ?2 WHERE lease_owner = ?1 AND id IN "
                    + marks(3, chunk.size()));
            n += bindIds(q.setParameter(1, token).setParameter(2, now), 3, chunk)
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
        for (List<Retry> chunk : chunks(retries, 64)) {
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
        for (List<Park> chunk : chunks(parks, 64)) {
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

    @SuppressWarnings("unchecked")
    private static List<OutboxEntity> entities(Query q) {
        return (List<OutboxEntity>) q.getResultList();
    }

    /** Splits ids into lists of at most {@link #CHUNK}, each padded with its last id to a power of two. */
    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
            int padded = Integer.highestOneBit(chunk.size());
            if (padded < chunk.size()) {
                padded <<= 1;
            }
            String last = chunk.get(chunk.size() - 1);
            while (chunk.size() < padded) {
                chunk.add(last);
            }
            out.add(chunk);
        }
        return out;
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            out.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return out;
    }

    /** {@code (?first, ?first+1, ...)} for {@code count} ids. */
    private static String marks(int first, int count) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "?" : ", ?").append(first + i);
        }
        return sb.append(')').toString();
    }

    private static Query bindIds(Query q, int first, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            q.setParameter(first + i, ids.get(i));
        }
        return q;
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

    /** The state name of pending rows. */
    public static String pendingState() {
        return OutboxEntity.PENDING;
    }

    /** The state name of parked rows. */
    public static String parkedState() {
        return OutboxEntity.PARKED;
    }

    private static NotificationIntent toIntent(OutboxEntity e) {
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
