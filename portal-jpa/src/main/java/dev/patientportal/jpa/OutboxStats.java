package dev.patientportal.jpa;

import java.time.Duration;
import java.util.Objects;

/**
 * What the outbox holds at one moment, for gauges and health checks: read by {@link OutboxAdmin#stats()} in one unit
 * of work. Holds counts and a duration only, no message and no personal data.
 *
 * @param pending messages waiting for delivery: due or not yet due (in back-off), claimed or not
 * @param parked messages the dispatcher gave up on, waiting for staff ({@link OutboxAdmin#listParked(int)})
 * @param oldestDueAge how long the longest-waiting due message has been due (pending, its next attempt time passed,
 *     not claimed by a dispatcher), or {@link Duration#ZERO} when none is due. A new message is due at once, so for a
 *     message never attempted this is its age; a message in back-off is not due and does not count. With a running
 *     dispatcher it stays below a poll interval or so; it grows when no dispatcher runs or they cannot keep up.
 */
public record OutboxStats(long pending, long parked, Duration oldestDueAge) {
    /**
     * Checks the fields.
     *
     * @param pending messages waiting for delivery, zero or more
     * @param parked parked messages, zero or more
     * @param oldestDueAge how long the longest-waiting due message has been due, zero or more
     * @throws IllegalArgumentException when a count or the age is negative
     */
    public OutboxStats {
        Objects.requireNonNull(oldestDueAge, "oldestDueAge");
        if (pending < 0 || parked < 0 || oldestDueAge.isNegative()) {
            throw new IllegalArgumentException("counts and age must not be negative");
        }
    }

    /**
     * Evaluates the health rule: {@link OutboxHealth.Status#DOWN} when any message is parked (someone must look at
     * it), or when the oldest due message has been due longer than {@code maxOldestDueAge} (no dispatcher delivers);
     * otherwise {@link OutboxHealth.Status#UP}.
     *
     * @param maxOldestDueAge the longest a due message may wait, positive
     * @return the health, with these numbers
     * @throws IllegalArgumentException when the limit is not positive
     */
    public OutboxHealth health(Duration maxOldestDueAge) {
        Objects.requireNonNull(maxOldestDueAge, "maxOldestDueAge");
        if (maxOldestDueAge.isNegative() || maxOldestDueAge.isZero()) {
            throw new IllegalArgumentException("maxOldestDueAge must be positive");
        }
        String reason = null;
        if (parked > 0) {
            reason = parked + (parked == 1 ? " message is" : " messages are") + " parked";
        }
        if (oldestDueAge.compareTo(maxOldestDueAge) > 0) {
            String late = "the oldest due message has waited " + oldestDueAge + ", more than " + maxOldestDueAge;
            reason = reason == null ? late : reason + "; " + late;
        }
        return new OutboxHealth(
                reason == null ? OutboxHealth.Status.UP : OutboxHealth.Status.DOWN,
                pending,
                parked,
                oldestDueAge,
                maxOldestDueAge,
                reason);
    }
}
