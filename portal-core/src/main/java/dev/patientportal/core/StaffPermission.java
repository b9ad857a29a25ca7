package dev.patientportal.core;

/** What a staff member may do in the portal; the host maps its own roles to these. */
public enum StaffPermission {
    /** Grant, change, revoke and reinstate patients' portal access. */
    GRANT_ACCESS,
    /** Publish documents to patients, change their visibility and withdraw them. */
    UPLOAD_DOCUMENTS
}
