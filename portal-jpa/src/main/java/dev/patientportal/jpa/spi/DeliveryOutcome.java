package dev.patientportal.jpa.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link OutboxDelivery} reports for one intent.
 *
 * <ul>
 *   <li>{@link #sent()}: delivered; the outbox row is removed.
 *   <li>{@link #retryLater()} / {@link #retryLater(Duration)}: not delivered now (provider unreachable, rate limited);
 *       the dispatcher tries again after an exponential back-off with jitter, or after the given delay, until the
 *       configured number of attempts is used up and the message is parked.
 *   <li>{@link #failedPermanently(String)}: will never work (bad address, unregistered device); the message is parked
 *       at once with the reason, for staff to see, retry or discard.
 * </ul>
 *
 * <p>A delivery that does its work in parts (e-mail, SMS and push of one notification) may attach a
 * {@linkplain #checkpoint() checkpoint} to a retry or a permanent failure: a short PHI-free note of what is left to do,
 * such as {@code SMS/PUSH}. The outbox stores it with the message and hands it back to
 * {@link OutboxDelivery#deliver(dev.patientportal.core.NotificationIntent, String)} on the next attempt (also after
 * staff retry a parked message), so the parts that went out are not sent again.
 *
 * @param kind what happened
 * @param retryAfter for {@link Kind#RETRY_LATER}, how long to wait if the channel said so, else {@code null}
 * @param reason for {@link Kind#FAILED_PERMANENTLY} (and optionally for retries), a short PHI-free reason code such as
 *     {@code smtp:550} or {@code push:unregistered}; else {@code null}
 * @param checkpoint for {@link Kind#RETRY_LATER} and {@link Kind#FAILED_PERMANENTLY}, what the delivery wants back on
 *     the next attempt, or {@code null} to start over
 */
public record DeliveryOutcome(
        Kind kind,
        @Nullable Duration retryAfter,
        @Nullable String reason,
        @Nullable String checkpoint) {
    private static final Pattern REASON = Pattern.compile("[A-Za-z0-9._:/=-]{1,200}");
    private static final DeliveryOutcome SENT = new DeliveryOutcome(Kind.SENT, null, null);
    private static final DeliveryOutcome RETRY = new DeliveryOutcome(Kind.RETRY_LATER, null, null);

    /**
     * An outcome without checkpoint; the form of the first release.
     *
     * @param kind what happened
     * @param retryAfter for {@link Kind#RETRY_LATER}, the delay the channel asked for, else {@code null}
     * @param reason the reason code, required for {@link Kind#FAILED_PERMANENTLY}
     */
    public DeliveryOutcome(Kind kind, @Nullable Duration retryAfter, @Nullable String reason) {
        this(kind, retryAfter, reason, null);
    }

    /** The kinds of outcome. */
    public enum Kind {
        /** Delivered. */
        SENT,
        /** Not delivered now; try again later. */
        RETRY_LATER,
        /** Never deliverable; park it. */
        FAILED_PERMANENTLY
    }

    /**
     * Checks the fields.
     *
     * @param kind what happened
     * @param retryAfter for {@link Kind#RETRY_LATER}, how long to wait if the channel said so, else {@code null}
     * @param reason for {@link Kind#FAILED_PERMANENTLY} (and optionally for retries), a short PHI-free reason code such
     *     as {@code smtp:550} or {@code push:unregistered}; else {@code null}
     * @param checkpoint for {@link Kind#RETRY_LATER} and {@link Kind#FAILED_PERMANENTLY}, what the delivery wants back
     *     on the next attempt, or {@code null} to start over
     * @throws IllegalArgumentException when a field does not fit the kind, the delay is negative, or the reason or the
     *     checkpoint is not 1 to 200 characters of letters, digits and {@code . _ : / = -}
     */
    public DeliveryOutcome {
        java.util.Objects.requireNonNull(kind, "kind");
        if (retryAfter != null && (kind != Kind.RETRY_LATER || retryAfter.isNegative())) {
            throw new IllegalArgumentException("retryAfter is only for RETRY_LATER and must not be negative");
        }
        if (reason != null && (kind == Kind.SENT || !REASON.matcher(reason).matches())) {
            throw new IllegalArgumentException("reason must be a short code of letters, digits and . _ : / = -");
        }
        if (checkpoint != null
                && (kind == Kind.SENT || !REASON.matcher(checkpoint).matches())) {
            throw new IllegalArgumentException(
                    "checkpoint is not for SENT and must be a short code of letters, digits" + " and . _ : / = -");
        }
        if (kind == Kind.FAILED_PERMANENTLY && reason == null) {
            throw new IllegalArgumentException("FAILED_PERMANENTLY needs a reason");
        }
    }

    /**
     * Delivered.
     *
     * @return the outcome
     */
    public static DeliveryOutcome sent() {
        return SENT;
    }

    /**
     * Not delivered now; the dispatcher chooses the delay (exponential back-off with jitter).
     *
     * @return the outcome
     */
    public static DeliveryOutcome retryLater() {
        return RETRY;
    }

    /**
     * Not delivered now; try again after a delay the channel asked for (for example HTTP {@code Retry-After}).
     *
     * @param retryAfter the delay, zero or more
     * @return the outcome
     */
    public static DeliveryOutcome retryLater(Duration retryAfter) {
        return new DeliveryOutcome(Kind.RETRY_LATER, java.util.Objects.requireNonNull(retryAfter, "retryAfter"), null);
    }

    /**
     * Never deliverable; the message is parked.
     *
     * @param reason a short PHI-free reason code, such as {@code smtp:550}
     * @return the outcome
     */
    public static DeliveryOutcome failedPermanently(String reason) {
        return new DeliveryOutcome(Kind.FAILED_PERMANENTLY, null, java.util.Objects.requireNonNull(reason, "reason"));
    }

    /**
     * A copy of this retry or failure with a checkpoint.
     *
     * @param checkpoint what the delivery wants back on the next attempt, such as {@code SMS/PUSH}
     * @return the copy
     * @throws IllegalArgumentException for {@link Kind#SENT}, or a malformed checkpoint
     */
    public DeliveryOutcome withCheckpoint(String checkpoint) {
        return new DeliveryOutcome(
                kind, retryAfter, reason, java.util.Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    /**
     * A copy of this retry with a reason code, for the outbox's {@code last_error}.
     *
     * @param reason a short PHI-free reason code
     * @return the copy
     * @throws IllegalArgumentException for {@link Kind#SENT}, or a malformed reason
     */
    public DeliveryOutcome withReason(String reason) {
        return new DeliveryOutcome(kind, retryAfter, java.util.Objects.requireNonNull(reason, "reason"), checkpoint);
    }

    /**
     * Returns the delay the channel asked for.
     *
     * @return the delay, or empty
     */
    public Optional<Duration> retryAfterDelay() {
        return Optional.ofNullable(retryAfter);
    }
}
