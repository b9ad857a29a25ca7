package dev.patientportal.micrometer;

import dev.patientportal.jpa.OutboxAdmin;
import dev.patientportal.jpa.OutboxStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's gauges, read from an {@link OutboxAdmin}: a {@link MeterBinder}, so Spring Boot binds it to the
 * application's registry when it is a bean.
 *
 * <pre>{@code
 * OutboxMeters.of(portal.outbox()).bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Gauges</caption>
 *   <tr><th>Name</th><th>Unit</th><th>What</th></tr>
 *   <tr><td>{@value #PENDING}</td><td>messages</td><td>waiting for delivery: due, in back-off or claimed
 *       ({@link OutboxStats#pending()})</td></tr>
 *   <tr><td>{@value #PARKED}</td><td>messages</td><td>parked for staff: failed for good or out of attempts
 *       ({@link OutboxStats#parked()}); anything above zero needs someone to look</td></tr>
 *   <tr><td>{@value #OLDEST_DUE_AGE}</td><td>seconds</td><td>how long the longest-waiting due message has been due
 *       ({@link OutboxStats#oldestDueAge()}); grows when no dispatcher delivers</td></tr>
 * </table>
 *
 * <p>No tags: the outbox is one table for every institution. A scrape reads the three numbers in one unit of work
 * ({@link OutboxAdmin#stats()}, three indexed queries) and keeps them for {@code maxStaleness} (default 10 s), so the
 * three gauges of a scrape, and scrapes closer together than that, cost one read. When the database cannot be read the
 * gauges are {@code NaN} until it can.
 *
 * <p><b>Threads:</b> thread-safe.
 */
public final class OutboxMeters implements MeterBinder {
    /** Pending messages: gauge. */
    public static final String PENDING = "portal.outbox.pending";
    /** Parked messages: gauge. */
    public static final String PARKED = "portal.outbox.parked";
    /** Seconds the oldest due message has been due: time gauge. */
    public static final String OLDEST_DUE_AGE = "portal.outbox.oldest.due.age";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxMeters.class);

    private final OutboxAdmin admin;
    private final long maxStalenessNanos;
    private final LongSupplier nanoTime;

    private @Nullable OutboxStats last;
    private long readAt;
    private boolean failing;

    OutboxMeters(OutboxAdmin admin, Duration maxStaleness, LongSupplier nanoTime) {
        this.admin = Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        if (maxStaleness.isNegative()) {
            throw new IllegalArgumentException("maxStaleness must not be negative");
        }
        this.maxStalenessNanos = maxStaleness.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Gauges that read the outbox at most every 10 s.
     *
     * @param admin the outbox
     * @return the gauges, not yet bound
     */
    public static OutboxMeters of(OutboxAdmin admin) {
        return of(admin, Duration.ofSeconds(10));
    }

    /**
     * Gauges that read the outbox at most once per {@code maxStaleness}.
     *
     * @param admin the outbox
     * @param maxStaleness how long a reading serves; zero reads at every gauge read
     * @return the gauges, not yet bound
     * @throws IllegalArgumentException when {@code maxStaleness} is negative
     */
    public static OutboxMeters of(OutboxAdmin admin, Duration maxStaleness) {
        return new OutboxMeters(admin, maxStaleness, System::nanoTime);
    }

    /**
     * Registers the three gauges; they hold this object strongly.
     *
     * @param registry where they go
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(PENDING, "Outbox messages waiting for delivery", s -> s.pending(), registry);
        gauge(PARKED, "Outbox messages parked for staff", s -> s.parked(), registry);
        TimeGauge.builder(
                        OLDEST_DUE_AGE,
                        this,
                        TimeUnit.SECONDS,
                        m -> m.read(s -> s.oldestDueAge().toNanos() / 1e9))
                .description("How long the longest-waiting due outbox message has been due")
                .strongReference(true)
                .register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<OutboxStats> value, MeterRegistry registry) {
        Gauge.builder(name, this, m -> m.read(value))
                .description(description)
                .baseUnit("messages")
                .strongReference(true)
                .register(registry);
    }

    /** One number of the current reading, or {@code NaN} when the outbox cannot be read. */
    private double read(ToDoubleFunction<OutboxStats> value) {
        OutboxStats stats = stats();
        return stats == null ? Double.NaN : value.applyAsDouble(stats);
    }

    private synchronized @Nullable OutboxStats stats() {
        long now = nanoTime.getAsLong();
        OutboxStats cached = last;
        if (cached != null && now - readAt < maxStalenessNanos) {
            return cached;
        }
        try {
            OutboxStats fresh = admin.stats();
            last = fresh;
            readAt = now;
            if (failing) {
                LOG.info("The outbox can be read again; its gauges have values");
                failing = false;
            }
            return fresh;
        } catch (RuntimeException e) {
            last = null;
            if (!failing) {
                LOG.warn(
                        "The outbox cannot be read ({}); its gauges are NaN until it can",
                        e.getClass().getName());
                failing = true;
            }
            return null;
        }
    }
}
