package dev.patientportal.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something happened that the clinic's staff may want to know, for example to alert the front desk when a patient
 * books or cancels. Delivered to {@link dev.patientportal.core.spi.PortalEventListener}s after the change is stored.
 *
 * @param type what happened
 * @param at when
 * @param institution the institution
 * @param patient the patient concerned
 * @param subjectId the id of the document or reservation concerned, or {@code null}
 * @param actor who caused it
 */
public record PortalEvent(
        Type type,
        Instant at,
        InstitutionId institution,
        PatientId patient,
        @Nullable String subjectId,
        Actor actor) {

    /** The kinds of event. */
    public enum Type {
        /** Staff granted portal access. */
        ACCESS_GRANTED,
        /** Staff changed the access method or the SMS setting. */
        ACCESS_CHANGED,
        /** Staff revoked access. */
        ACCESS_REVOKED,
        /** Staff reinstated access. */
        ACCESS_REINSTATED,
        /** A document was published. */
        DOCUMENT_PUBLISHED,
        /** A document's visibility changed. */
        DOCUMENT_VISIBILITY_CHANGED,
        /** A document was withdrawn. */
        DOCUMENT_WITHDRAWN,
        /** The patient booked. */
        RESERVATION_BOOKED,
        /** The patient rescheduled. */
        RESERVATION_RESCHEDULED,
        /** The patient cancelled. */
        RESERVATION_CANCELLED,
        /** The institution's monthly SMS budget is spent; SMS notifications are skipped until next month. */
        SMS_BUDGET_EXHAUSTED
    }

    /**
     * Checks the fields.
     *
     * @param type what happened
     * @param at when
     * @param institution the institution
     * @param patient the patient concerned
     * @param subjectId the id of the document or reservation concerned, or {@code null}
     * @param actor who caused it
     */
    public PortalEvent {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(at, "at");
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(patient, "patient");
        java.util.Objects.requireNonNull(actor, "actor");
    }
}
