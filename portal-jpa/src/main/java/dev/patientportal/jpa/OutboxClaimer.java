package dev.patientportal.jpa;

import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.internal.OutboxRepository.ClaimMode;
import dev.patientportal.jpa.internal.OutboxRepository.Claimed;
import dev.patientportal.jpa.internal.SqlDialect;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due outbox rows under a lease, in one short transaction that commits before anything is delivered, in the
 * fewest statements the database allows (detected once, see {@link OutboxRepository.ClaimMode}): one
 * {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n) RETURNING ...} on PostgreSQL; a
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} and one {@code UPDATE} of the rows it locked on MariaDB, MySQL and H2; a
 * conditional update and a read-back elsewhere or when {@code SKIP LOCKED} is forced off. Each sets the lease owner,
 * moves {@code next_attempt_at} to the end of the lease and counts the attempt.
 */
final class OutboxClaimer {
    // The dispatcher's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final OutboxTransactions transactions;
    private final String name;
    private final int batchSize;
    private final Duration lease;
    private final int maxAttempts;
    private final Clock clock;
    private final @Nullable Boolean skipLocked;
    private volatile @Nullable ClaimMode mode;

    OutboxClaimer(
            OutboxTransactions transactions,
            String name,
            int batchSize,
            Duration lease,
            int maxAttempts,
            Clock clock,
            @Nullable Boolean skipLocked) {
        this.transactions = transactions;
        this.name = name;
        this.batchSize = batchSize;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
        this.skipLocked = skipLocked;
    }

    /** Claims up to a batch of due messages; an empty list when nothing is due. */
    List<Claimed> claim() {
        Instant now = clock.instant();
        return transactions.inTransaction(em -> {
            ClaimMode m = mode;
            if (m == null) {
                m = OutboxRepository.claimMode(em, skipLocked);
                mode = m;
                LOG.info(
                        "Outbox dispatcher {} claims with {}",
                        name,
                        switch (m) {
                            case UPDATE_RETURNING ->
                                "UPDATE ... (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING and a lease";
                            case LOCK_THEN_UPDATE -> "SELECT ... FOR UPDATE SKIP LOCKED, one UPDATE and a lease";
                            case CONDITIONAL -> "conditional updates and a lease";
                        });
            }
            return OutboxRepository.claim(em, m, now, now.plus(lease), batchSize, maxAttempts);
        });
    }

    /** The persistence unit claims run on, and its database: for wake-ups. */
    static final class Target {
        final EntityManagerFactory factory;
        final SqlDialect dialect;

        Target(EntityManagerFactory factory, SqlDialect dialect) {
            this.factory = factory;
            this.dialect = dialect;
        }
    }

    /** Looks up the persistence unit and its database in a short unit of work of its own. */
    Target target() {
        return transactions.inTransaction(em -> new Target(em.getEntityManagerFactory(), SqlDialect.of(em)));
    }

    int batchSize() {
        return batchSize;
    }

    Duration lease() {
        return lease;
    }

    int maxAttempts() {
        return maxAttempts;
    }
}
