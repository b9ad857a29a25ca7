package dev.patientportal.jpa.internal;

import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Map;

/**
 * {@link RateLimitStore} on {@code portal_login_rate_limit}: one upsert per increment (see {@link CounterRows}: insert
 * the bucket at 1, or add 1), which leaves the row locked until the unit of work commits, and the count read back in
 * the same transaction: concurrent increments on any node return distinct counts.
 */
public final class JpaRateLimitStore extends CounterRows implements RateLimitStore {
    private static final String[] COLUMNS = {"bucket", "hits", "expires_at"};
    private static final Map<String, RowCreator.Merge> MERGES =
            Map.of("hits", RowCreator.Merge.ADD, "expires_at", RowCreator.Merge.MAX);

    /**
     * Creates the store.
     *
     * @param entityManagers the current entity manager
     * @param rows creates rows that may be created concurrently
     */
    public JpaRateLimitStore(EntityManagerProvider entityManagers, RowCreator rows) {
        super(entityManagers, rows, "portal_login_rate_limit", COLUMNS, MERGES);
    }

    @Override
    public long increment(String bucket, Instant expiresAt) {
        if (bucket.length() > 200) {
            throw new IllegalArgumentException("a bucket name has at most 200 characters");
        }
        return count(
                new Object[] {bucket, 1L, expiresAt},
                "Counting a send",
                em -> em.createQuery("SELECT r.hits FROM PortalLoginRateLimit r WHERE r.bucket = :bucket", Long.class)
                        .setParameter("bucket", bucket)
                        .getSingleResult());
    }

    /**
     * Deletes buckets whose window ended before a time.
     *
     * @param em the entity manager of the current unit of work
     * @param before the cut-off
     * @return how many were deleted
     */
    public static int deleteExpired(EntityManager em, Instant before) {
        return em.createQuery("DELETE FROM PortalLoginRateLimit r WHERE r.expiresAt < :before")
                .setParameter("before", before)
                .executeUpdate();
    }
}
