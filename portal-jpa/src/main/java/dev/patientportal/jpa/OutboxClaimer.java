package dev.patientportal.jpa;

import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.internal.OutboxRepository.Claimed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due outbox rows under a lease, in one short transaction that commits before anything is delivered:
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} where the database has it (detected once, unless forced), then a
 * conditional update that sets the lease owner, moves {@code next_attempt_at} to the end of the lease and counts the
 * attempt.
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
    private volatile @Nullable Boolean skipLocked;

    OutboxClaimer(OutboxTransactions transactions, String name, int batchSize, Duration lease, int maxAttempts,
            Clock clock, @Nullable Boolean skipLocked) {
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
            Boolean skip = skipLocked;
            if (skip == null) {
                skip = OutboxRepository.supportsSkipLocked(em);
                skipLocked = skip;
                LOG.info("Outbox dispatcher {} claims with {}", name,
                        skip ? "SELECT ... FOR UPDATE SKIP LOCKED and a lease" : "conditional updates and a lease");
            }
            return OutboxRepository.claim(em, skip, now, now.plus(lease), batchSize, maxAttempts);
        });
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
