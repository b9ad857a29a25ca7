package dev.patientportal.core;

/** The action codes of {@link AuditEvent#action()}; stable across releases, so hosts may filter on them. */
public final class AuditActions {
    /** Staff granted portal access. */
    public static final String ACCESS_GRANT = "access.grant";
    /** Staff changed the access method. */
    public static final String ACCESS_CHANGE_METHOD = "access.change-method";
    /** Staff switched SMS notifications on or off. */
    public static final String ACCESS_SMS = "access.sms";
    /** Staff revoked access. */
    public static final String ACCESS_REVOKE = "access.revoke";
    /** Staff reinstated access. */
    public static final String ACCESS_REINSTATE = "access.reinstate";
    /** Staff read a grant. */
    public static final String ACCESS_READ = "access.read";
    /** Staff published a document. */
    public static final String DOCUMENT_PUBLISH = "document.publish";
    /** Staff changed a document's visibility. */
    public static final String DOCUMENT_VISIBILITY = "document.visibility";
    /** Staff withdrew a document. */
    public static final String DOCUMENT_WITHDRAW = "document.withdraw";
    /** Staff read a document's metadata. */
    public static final String DOCUMENT_STAFF_READ = "document.staff-read";
    /** The patient listed their documents. */
    public static final String PATIENT_DOCUMENTS_LIST = "patient.documents.list";
    /** The patient counted their documents. */
    public static final String PATIENT_DOCUMENTS_COUNT = "patient.documents.count";
    /** The patient opened a document. */
    public static final String PATIENT_DOCUMENT_OPEN = "patient.document.open";
    /** The patient read their profile. */
    public static final String PATIENT_PROFILE_READ = "patient.profile.read";
    /** The patient listed active reservations. */
    public static final String PATIENT_RESERVATIONS_LIST = "patient.reservations.list";
    /** The patient listed their history. */
    public static final String PATIENT_HISTORY_LIST = "patient.history.list";
    /** The patient listed free slots. */
    public static final String PATIENT_SLOTS_LIST = "patient.slots.list";
    /** The patient booked. */
    public static final String RESERVATION_BOOK = "reservation.book";
    /** The patient rescheduled. */
    public static final String RESERVATION_RESCHEDULE = "reservation.reschedule";
    /** The patient cancelled. */
    public static final String RESERVATION_CANCEL = "reservation.cancel";
    /** Staff queried the audit trail; the event names the patient when the query was about one. */
    public static final String AUDIT_QUERY = "audit.query";
    /** A retention run deleted an institution's oldest audit events; details {@value #PURGE_THROUGH} and count. */
    public static final String AUDIT_PURGE = "audit.purge";
    /**
     * The detail of an {@value #AUDIT_PURGE} event naming the last deleted sequence number, where the rest of the chain
     * starts.
     */
    public static final String PURGE_THROUGH = "through";
    /** The patient read the log of who accessed their record. */
    public static final String PATIENT_ACCESS_LOG_READ = "patient.access-log.read";
    /** The patient exported their own data ({@link PatientView#export()}). */
    public static final String PATIENT_EXPORT = "patient.export";
    /** Staff exported a patient's data ({@link DataExport#export(PatientId)}). */
    public static final String DATA_EXPORT = "data.export";
    /**
     * The prefix of the actions that record what became of a notification (for example portal-notify's
     * {@code notification.sms.budget-exhausted}); a data export lists the patient's events under it.
     */
    public static final String NOTIFICATION_PREFIX = "notification.";
    /** A session token was presented that resolves to nothing. */
    public static final String SESSION_REJECTED = "session.rejected";

    private AuditActions() {}
}
