package dev.patientportal.core;

/** What a staff member may do in the portal; the host maps its own roles to these. */
public enum StaffPermission {
    /** Grant, change, revoke and reinstate patients' portal access. */
    GRANT_ACCESS,
    /** Publish documents to patients, change their visibility and withdraw them. */
    UPLOAD_DOCUMENTS,
    /**
     * Query the audit trail: every event of the institution, by patient, staff member, action, outcome and time. A
     * permission of its own, for the data protection officer and auditors; each query is itself audited.
     */
    VIEW_AUDIT,
    /**
     * Export everything the portal holds about a patient, every document included (GDPR Art. 15 and 20, on the
     * patient's request made at the desk); each export is audited.
     */
    EXPORT_DATA
}
