package dev.patientportal.core;

import dev.patientportal.core.spi.AuditTrail;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.TransactionRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The upkeep of the audit trail that a host (or the portal's entry point) schedules: retention, which deletes each
 * institution's events once they are older than its period, and checkpoints to export and anchor outside the database.
 *
 * <pre>{@code
 * AuditMaintenance maintenance = AuditMaintenance.builder()
 *         .stores(stores)
 *         .transactions(tx)
 *         .retention(Period.ofYears(10))                      // every institution with a chain
 *         .retention(InstitutionId.of("clinic-2"), Period.ofYears(5))
 *         .build();
 * scheduler.scheduleAtFixedRate(maintenance::purgeExpired, 1, 24, TimeUnit.HOURS);
 * maintenance.checkpoint(clinic).ifPresent(c -> anchor.store(c.toJson()));
 * }</pre>
 *
 * <p>A run deletes the oldest events of an institution only as an unbroken prefix of its chain, stores a signed
 * checkpoint at the cut and records an {@link AuditActions#AUDIT_PURGE} event (by {@link Actor#system()}, with the
 * last deleted sequence number and the count) in the same unit of work, so the remaining chain verifies from the cut
 * and shows that the cut was a retention run ({@link AuditVerifier#verify(InstitutionId)}). Events younger than the
 * period are never deleted; an event older than the period may stay until every event before it is old enough too.
 *
 * <p>Immutable and thread-safe; runs on several nodes at once serialise on each institution's chain head.
 */
public final class AuditMaintenance {
    private final AuditTrail trail;
    private final PortalStores stores;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final @Nullable Period defaultRetention;
    private final Map<InstitutionId, Period> retention;

    private AuditMaintenance(Builder b, PortalStores stores) {
        this.stores = stores;
        this.trail = stores.auditTrail();
        this.transactions = b.transactions;
        this.clock = b.clock;
        this.defaultRetention = b.defaultRetention;
        this.retention = Map.copyOf(b.retention);
    }

    /**
     * Starts configuring the upkeep.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Deletes, for every institution that has a retention period (its own or the default), the events older than it.
     * Each institution is one unit of work.
     *
     * @return what was deleted, one entry per institution that has a period
     * @throws TemporaryFailureException when the store fails; institutions done before stay done
     */
    public List<AuditPurge> purgeExpired() {
        List<InstitutionId> institutions = transactions.inTransaction(trail::institutions);
        List<AuditPurge> done = new ArrayList<>();
        for (InstitutionId institution : institutions) {
            Period period = retention.getOrDefault(institution, defaultRetention);
            if (period != null) {
                done.add(purgeOlderThan(institution, period));
            }
        }
        return done;
    }

    /**
     * Deletes one institution's events older than a period, in one unit of work.
     *
     * @param institution the institution
     * @param period how long events are kept, typically years
     * @return what was deleted
     * @throws IllegalArgumentException when the period is zero or negative
     * @throws TemporaryFailureException when the store fails
     */
    public AuditPurge purgeOlderThan(InstitutionId institution, Period period) {
        Objects.requireNonNull(institution, "institution");
        requirePositive(period);
        Instant now = clock.instant();
        Instant before = now.atOffset(ZoneOffset.UTC).minus(period).toInstant();
        return transactions.inTransaction(() -> {
            AuditPurge purge = trail.purge(institution, before, now);
            if (purge.deleted() > 0) {
                stores.audit()
                        .record(new AuditEvent(
                                now,
                                institution,
                                Actor.system(),
                                AuditActions.AUDIT_PURGE,
                                null,
                                null,
                                AuditEvent.Outcome.SUCCESS,
                                null,
                                Map.of(
                                        AuditActions.PURGE_THROUGH,
                                        Long.toString(purge.throughSequence()),
                                        "count",
                                        Long.toString(purge.deleted()),
                                        "before",
                                        before.toString())));
            }
            return purge;
        });
    }

    /**
     * Signs an institution's chain head now and stores the checkpoint; export it with {@link AuditCheckpoint#toJson()}
     * and keep it outside the database.
     *
     * @param institution the institution
     * @return the checkpoint, or empty when the institution has no chained event or the stores chain none
     * @throws TemporaryFailureException when the store fails
     */
    public Optional<AuditCheckpoint> checkpoint(InstitutionId institution) {
        Objects.requireNonNull(institution, "institution");
        Instant now = clock.instant();
        return transactions.inTransaction(() -> trail.checkpoint(institution, now));
    }

    private static void requirePositive(Period period) {
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a retention period must be positive");
        }
    }

    /**
     * Configures {@link AuditMaintenance}; {@link #build()} reports every problem at once. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable PortalStores stores;
        private TransactionRunner transactions = TransactionRunner.direct();
        private Clock clock = Clock.systemUTC();
        private @Nullable Period defaultRetention;
        private final Map<InstitutionId, Period> retention = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the stores whose audit trail is kept. Required.
         *
         * @param stores the stores; their {@link PortalStores#auditTrail()} must be supported
         * @return this builder
         */
        public Builder stores(PortalStores stores) {
            this.stores = stores;
            return this;
        }

        /**
         * Sets how a unit of work runs. Default: {@link TransactionRunner#direct()}.
         *
         * @param runner the runner
         * @return this builder
         */
        public Builder transactions(TransactionRunner runner) {
            this.transactions = runner;
            return this;
        }

        /**
         * Sets the clock. Default: {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the retention period of every institution without one of its own. Default: none (keep forever).
         *
         * @param period how long events are kept, typically years
         * @return this builder
         */
        public Builder retention(Period period) {
            if (period == null || period.isZero() || period.isNegative()) {
                problems.add("retention(Period) must be positive");
            }
            this.defaultRetention = period;
            return this;
        }

        /**
         * Sets one institution's retention period.
         *
         * @param institution the institution
         * @param period how long its events are kept, typically years
         * @return this builder
         */
        public Builder retention(InstitutionId institution, Period period) {
            if (institution == null) {
                problems.add("retention(InstitutionId, Period) needs an institution");
            } else if (period == null || period.isZero() || period.isNegative()) {
                problems.add("retention(" + institution + ", Period) must be positive");
            } else {
                retention.put(institution, period);
            }
            return this;
        }

        /**
         * Builds the upkeep.
         *
         * @return the upkeep
         * @throws IllegalStateException naming every missing or invalid setting
         */
        public AuditMaintenance build() {
            List<String> all = new ArrayList<>(problems);
            if (stores == null) {
                all.add("stores(PortalStores) is required");
            }
            if (transactions == null) {
                all.add("transactions(TransactionRunner) must not be null");
            }
            if (clock == null) {
                all.add("clock(Clock) must not be null");
            }
            if (stores != null
                    && transactions != null
                    && stores.requiresUnitOfWork()
                    && transactions == TransactionRunner.direct()) {
                all.add("stores(PortalStores) need a unit of work, but transactions(TransactionRunner) is the direct "
                        + "runner");
            }
            if (!all.isEmpty()) {
                throw new IllegalStateException("AuditMaintenance is not configured: " + String.join("; ", all));
            }
            return new AuditMaintenance(this, Objects.requireNonNull(stores));
        }
    }
}
