package dev.patientportal.core;

/**
 * Staff's data export: everything the portal holds about a patient, every document included, for a request the
 * patient made at the desk (GDPR Art. 15 and 20). Obtained from {@link PatientPortal#exports(Staff)}; each export
 * needs {@link StaffPermission#EXPORT_DATA} and is audited once ({@link AuditActions#DATA_EXPORT}), and shows in the
 * patient's access log as a read.
 *
 * <pre>{@code
 * PatientRecord record = portal.exports(staff).export(patientId);
 * ExportArchive.write(record, out); // portal-export
 * }</pre>
 */
public interface DataExport {
    /**
     * Collects a patient's record. The documents' bytes are read when the record is written.
     *
     * @param patient the patient, of the staff member's institution
     * @return the record, with {@link PatientRecord.Scope#STAFF}
     * @throws AccessDeniedException without {@link StaffPermission#EXPORT_DATA}
     * @throws NotFoundException when the host's directory has no record of the patient
     * @throws UnsupportedOperationException when the portal's stores cannot read the audit trail back (for the access
     *     log and the notifications; audited as {@code FAILED})
     */
    PatientRecord export(PatientId patient);
}
