package dev.patientportal.jpa;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's health, from {@link OutboxAdmin#health(Duration)} or {@link OutboxStats#health(Duration)}: a plain
 * value for a host's health endpoint (an Actuator {@code HealthIndicator} maps {@link #status()} and puts the other
 * fields in its details). No personal data.
 *
 * @param status {@link Status#DOWN} when a message is parked or the oldest due message waited too long
 * @param pending messages waiting for delivery
 * @param parked parked messages
 * @param oldestDueAge how long the longest-waiting due message has been due, or zero
 * @param maxOldestDueAge the limit it was compared with
 * @param reason why it is down, in words without personal data, such as {@code 1 message is parked}; {@code null} when
 *     up
 */
public record OutboxHealth(
        Status status,
        long pending,
        long parked,
        Duration oldestDueAge,
        Duration maxOldestDueAge,
        @Nullable String reason) {
    /** Whether the outbox works as it should. */
    public enum Status {
        /** Nothing parked, and due messages are taken in time. */
        UP,
        /** A message is parked, or due messages wait longer than the limit. */
        DOWN
    }

    /**
     * Checks the fields.
     *
     * @param status up or down
     * @param pending messages waiting for delivery
     * @param parked parked messages
     * @param oldestDueAge how long the longest-waiting due message has been due, or zero
     * @param maxOldestDueAge the limit it was compared with
     * @param reason why it is down; {@code null} when up
     * @throws IllegalArgumentException when a down health has no reason or an up one has one
     */
    public OutboxHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(oldestDueAge, "oldestDueAge");
        Objects.requireNonNull(maxOldestDueAge, "maxOldestDueAge");
        if ((status == Status.DOWN) != (reason != null)) {
            throw new IllegalArgumentException("a reason is given exactly when the status is DOWN");
        }
    }

    /**
     * Tells whether the status is {@link Status#UP}.
     *
     * @return whether it is up
     */
    public boolean isUp() {
        return status == Status.UP;
    }
}
