package dev.patientportal.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the portal recorded about one notification to the patient, for a data export: its type, channel, time and
 * outcome, never its text. Taken from the audit trail's {@link AuditActions#NOTIFICATION_PREFIX notification} events
 * about the patient.
 *
 * @param at when it was recorded
 * @param type the notification's type (the {@code notification} detail, such as {@code RESERVATION_BOOKED}), or
 *     {@code "unknown"} when the event does not name one
 * @param channel the channel ({@code EMAIL}, {@code SMS}, {@code PUSH}), or {@code null} when the event does not say
 * @param outcome what became of it: the event's outcome ({@code SUCCESS} for a delivery, {@code DENIED} for one the
 *     portal skipped, {@code FAILED})
 * @param action the audit action that recorded it, such as {@code notification.sms.budget-exhausted}
 */
public record NotificationRecord(
        Instant at, String type, @Nullable String channel, AuditEvent.Outcome outcome, String action) {
    /**
     * Checks the fields.
     *
     * @param at when it was recorded
     * @param type the notification's type
     * @param channel the channel, or {@code null}
     * @param outcome what became of it
     * @param action the audit action
     */
    public NotificationRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(action, "action");
    }
}
