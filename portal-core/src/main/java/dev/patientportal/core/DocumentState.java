package dev.patientportal.core;

/** The one field that decides whether a patient sees a document. */
public enum DocumentState {
    /** Stored, but the patient cannot see it ("patient access: no"). */
    HIDDEN,
    /** The patient sees it in the portal ("patient access: yes"). */
    VISIBLE,
    /** Withdrawn by staff: nobody sees it in the portal any more. Final. */
    WITHDRAWN
}
