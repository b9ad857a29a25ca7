package dev.patientportal.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} whose instant a test sets and advances. It stands still until told otherwise, so tests of notice
 * periods, lead times and expiry are exact.
 *
 * <p>Thread-safe: the instant is held atomically; clocks made by {@link #withZone(ZoneId)} share it.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2026-03-02T08:00:00Z"));
 * clock.advance(Duration.ofHours(3));
 * }</pre>
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * A clock in UTC standing at an instant.
     *
     * @param start the instant
     * @return the clock
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * A clock in UTC standing at the current system time, truncated to whole seconds.
     *
     * @return the clock
     */
    public static MutableClock ofSystemTime() {
        return at(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /**
     * Moves the clock to an instant, forwards or backwards.
     *
     * @param instant the new time
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * Moves the clock by a duration (negative moves it back).
     *
     * @param duration how far
     * @return the new time
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return Objects.requireNonNull(now.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * Returns a clock in another zone that shares this clock's instant: setting either moves both.
     *
     * @param newZone the zone
     * @return the clock
     */
    @Override
    public MutableClock withZone(ZoneId newZone) {
        return new MutableClock(now, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
