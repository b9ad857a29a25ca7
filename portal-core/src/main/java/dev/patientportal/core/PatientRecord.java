package dev.patientportal.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the portal holds about one patient, collected for a data export (GDPR Art. 15, access, and Art. 20,
 * portability): from {@link PatientView#export()} (the patient's own) or {@link DataExport#export(PatientId)} (staff).
 * Collecting it is audited once. The documents' bytes are not read until {@link ExportedDocument#content()} is opened;
 * {@code portal-export}'s {@code ExportArchive} writes the record as one ZIP archive with JSON files, the documents and
 * a FHIR R4 Bundle.
 *
 * @param scope whose export this is, which decides the documents it holds
 * @param exportedAt when the record was collected
 * @param institution the institution
 * @param patient the patient
 * @param grant the portal access grant as the portal holds it, or {@code null} when the patient has none (a staff
 *     export of a patient never granted access)
 * @param profile the personal data as the host's patient directory gives it
 * @param reservations active reservations, soonest first
 * @param history reservations no longer active, most recent first
 * @param documents for {@link Scope#PATIENT} only the documents the patient sees ({@link DocumentState#VISIBLE});
 *     for {@link Scope#STAFF} every document of the patient, hidden and withdrawn ones included; newest first
 * @param accessLog who accessed the record, newest first, as {@link PatientView#accessLog(AccessLogFilter)} shows it
 * @param notifications what was recorded about notifications to the patient, newest first
 */
public record PatientRecord(
        Scope scope,
        Instant exportedAt,
        InstitutionId institution,
        PatientId patient,
        @Nullable AccessGrant grant,
        PatientProfile profile,
        List<Reservation> reservations,
        List<Reservation> history,
        List<ExportedDocument> documents,
        List<AccessLogEntry> accessLog,
        List<NotificationRecord> notifications) {

    /** Whose export a record is. */
    public enum Scope {
        /** The patient's own, after login: visible documents only. */
        PATIENT,
        /** Made by staff with {@link StaffPermission#EXPORT_DATA}: every document. */
        STAFF
    }

    /**
     * Checks the fields and copies the lists.
     *
     * @param scope whose export this is
     * @param exportedAt when the record was collected
     * @param institution the institution
     * @param patient the patient
     * @param grant the grant, or {@code null}
     * @param profile the personal data
     * @param reservations active reservations
     * @param history past reservations
     * @param documents the documents
     * @param accessLog the access log
     * @param notifications the notifications
     */
    public PatientRecord {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(exportedAt, "exportedAt");
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(profile, "profile");
        reservations = List.copyOf(reservations);
        history = List.copyOf(history);
        documents = List.copyOf(documents);
        accessLog = List.copyOf(accessLog);
        notifications = List.copyOf(notifications);
    }

    @Override
    public String toString() {
        // No personal data: the profile and the documents' names stay out of logs.
        return "PatientRecord[scope=" + scope + ", institution=" + institution + ", patient=" + patient
                + ", reservations=" + reservations.size() + ", history=" + history.size() + ", documents="
                + documents.size() + ", accessLog=" + accessLog.size() + ", notifications=" + notifications.size()
                + "]";
    }
}
