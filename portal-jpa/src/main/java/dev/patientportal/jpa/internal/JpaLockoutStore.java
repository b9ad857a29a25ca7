package dev.patientportal.jpa.internal;

import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LockoutStore} on {@code portal_login_lockout}. {@link #recordFailure} is one upsert (see {@link CounterRows}):
 * insert the counter at 1, or add 1 and keep the later failure time, which leaves the row locked until the unit of work
 * commits; it then reads its own result back. Concurrent failures get distinct counts on every node, also while a
 * {@link #reset} sets the count to 0 (it keeps the row, which the purge deletes once its last failure is old).
 */
public final class JpaLockoutStore extends CounterRows implements LockoutStore {
    private static final String[] COLUMNS = {"identity_key", "consecutive_failures", "last_failure_at"};
    private static final Map<String, RowCreator.Merge> MERGES =
            Map.of("consecutive_failures", RowCreator.Merge.ADD, "last_failure_at", RowCreator.Merge.MAX);

    /**
     * Creates the store.
     *
     * @param entityManagers the current entity manager
     * @param rows creates rows that may be created concurrently
     */
    public JpaLockoutStore(EntityManagerProvider entityManagers, RowCreator rows) {
        super(entityManagers, rows, "portal_login_lockout", COLUMNS, MERGES);
    }

    @Override
    public FailureRecord recordFailure(String key, Instant at) {
        return count(
                new Object[] {key, 1, at},
                "Counting a failed login",
                new String[] {"consecutive_failures", "last_failure_at"},
                row -> new FailureRecord(((Number) row[0]).intValue(), instant(row[1])),
                em -> read(em, key)
                        .orElseThrow(() -> new TemporaryFailureException("The failure counter was not written")));
    }

    @Override
    public Optional<FailureRecord> find(String key) {
        return query("Reading the login failure counter", em -> read(em, key));
    }

    @Override
    public void reset(String key) {
        query(
                "Resetting the login failure counter",
                // Sets the count to 0 rather than deleting the row (find reads 0 as no record; the purge deletes it
                // later): on MariaDB, a DELETE racing the upsert of recordFailure deadlocked now and then, as the
                // vanishing row turned record locks into gap locks.
                em -> em.createQuery(
                                "UPDATE PortalLoginLockout l SET l.consecutiveFailures = 0 WHERE l.identityKey = :key")
                        .setParameter("key", key)
                        .executeUpdate());
    }

    /**
     * Deletes counters whose last failure is older than a time.
     *
     * @param em the entity manager of the current unit of work
     * @param before the cut-off
     * @return how many were deleted
     */
    public static int deleteOlderThan(EntityManager em, Instant before) {
        return em.createQuery("DELETE FROM PortalLoginLockout l WHERE l.lastFailureAt < :before")
                .setParameter("before", before)
                .executeUpdate();
    }

    /** A timestamp column as a native query returns it, whichever type the driver and Hibernate chose. */
    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime z) {
            return z.toInstant();
        }
        throw new IllegalStateException(
                "Unexpected timestamp type " + value.getClass().getName());
    }

    private static Optional<FailureRecord> read(EntityManager em, String key) {
        List<Object[]> rows = em.createQuery(
                        "SELECT l.consecutiveFailures, l.lastFailureAt FROM PortalLoginLockout l"
                                + " WHERE l.identityKey = :key AND l.consecutiveFailures > 0",
                        Object[].class)
                .setParameter("key", key)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        return Optional.of(new FailureRecord(((Number) row[0]).intValue(), (Instant) row[1]));
    }
}
