package dev.patientportal.jpa;

import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.jpa.spi.OutboxDelivery;
import dev.patientportal.notify.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link OutboxDispatcher.Builder} collects, with the defaults; lists every wrong setting at once. The setters
 * do not check (a {@code null} given against their contract included): {@link #problems()} does. Not thread-safe.
 */
final class DispatcherConfig {
    final TransactionRunner transactions;
    final EntityManagerProvider entityManagers;
    final OutboxDelivery delivery;
    int batchSize = 20;
    Duration pollInterval = Duration.ofSeconds(1);
    Duration lease = Duration.ofMinutes(2);
    int maxAttempts = 8;
    Duration backoffBase = Duration.ofSeconds(10);
    Duration backoffMax = Duration.ofHours(1);
    int threads = 2;
    Duration shutdownTimeout = Duration.ofSeconds(30);
    Clock clock = Clock.systemUTC();
    PortalMetricsListener metrics = PortalMetricsListener.none();

    @Nullable
    Boolean skipLocked;

    boolean listen = true;

    @Nullable
    String name;

    DispatcherConfig(TransactionRunner transactions, EntityManagerProvider entityManagers, OutboxDelivery delivery) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    /** Every wrong setting, each named; empty when all are right. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (batchSize < 1 || batchSize > 1000) {
            problems.add("batchSize must be between 1 and 1000");
        }
        if (!positive(pollInterval)) {
            problems.add("pollInterval must be positive");
        }
        if (!positive(lease)) {
            problems.add("lease must be positive");
        }
        if (maxAttempts < 1) {
            problems.add("maxAttempts must be at least 1");
        }
        if (!positive(backoffBase) || backoffBase.toMillis() < 1) {
            problems.add("backoff base must be at least 1 ms");
        }
        if (backoffMax == null || backoffBase == null || backoffMax.compareTo(backoffBase) < 0) {
            problems.add("backoff max must be at least the base");
        }
        if (threads < 1 || threads > 256) {
            problems.add("threads must be between 1 and 256");
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            problems.add("shutdownTimeout must not be negative");
        }
        if (clock == null) {
            problems.add("clock must not be null");
        }
        if (name != null && name.isBlank()) {
            problems.add("name must not be blank");
        }
        return problems;
    }

    /** The back-off, in whole milliseconds as the dispatcher has always counted it; only once checked. */
    Backoff backoff() {
        return new Backoff(Duration.ofMillis(backoffBase.toMillis()), Duration.ofMillis(backoffMax.toMillis()));
    }

    private static boolean positive(@Nullable Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
