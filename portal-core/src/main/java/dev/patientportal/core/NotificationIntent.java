package dev.patientportal.core;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the portal decided to tell a patient; {@link dev.patientportal.core.spi.Notifier} decides how (e-mail, push,
 * SMS). Holds ids and PHI-free facts only, so it can be stored in an outbox as it is.
 *
 * @param id unique per intent; a deliverer uses it to recognise a duplicate
 * @param type what happened
 * @param institution the institution
 * @param patient the patient to tell
 * @param subjectId the document or reservation concerned, or {@code null}
 * @param smsEnabled whether the patient's grant allows SMS notifications, at the time of the intent
 * @param createdAt when the portal decided to notify
 * @param attributes PHI-free facts a template may use, such as {@code startsAt} (ISO-8601) for reservations
 */
public record NotificationIntent(
        UUID id,
        Type type,
        InstitutionId institution,
        PatientId patient,
        @Nullable String subjectId,
        boolean smsEnabled,
        Instant createdAt,
        Map<String, String> attributes) {

    /** The kinds of notification. */
    public enum Type {
        /** A new document is visible in the portal. */
        DOCUMENT_PUBLISHED,
        /** Portal access was granted: a welcome e-mail without any secret. */
        ACCESS_GRANTED,
        /** A reservation was booked in the portal. */
        RESERVATION_BOOKED,
        /** A reservation was rescheduled in the portal. */
        RESERVATION_CHANGED,
        /** A reservation was cancelled in the portal. */
        RESERVATION_CANCELLED
    }

    /** The attribute holding a reservation's start, ISO-8601 in UTC. */
    public static final String STARTS_AT = "startsAt";

    /**
     * Copies the attributes.
     *
     * @param id unique per intent; a deliverer uses it to recognise a duplicate
     * @param type what happened
     * @param institution the institution
     * @param patient the patient to tell
     * @param subjectId the document or reservation concerned, or {@code null}
     * @param smsEnabled whether the patient's grant allows SMS notifications, at the time of the intent
     * @param createdAt when the portal decided to notify
     * @param attributes PHI-free facts a template may use, such as {@code startsAt} (ISO-8601) for reservations
     */
    public NotificationIntent {
        java.util.Objects.requireNonNull(id, "id");
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(patient, "patient");
        java.util.Objects.requireNonNull(createdAt, "createdAt");
        attributes = Map.copyOf(attributes);
    }
}
