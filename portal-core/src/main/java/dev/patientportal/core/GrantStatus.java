package dev.patientportal.core;

/** Whether an access grant currently lets the patient in. */
public enum GrantStatus {
    /** The patient may log in. */
    ACTIVE,
    /** Staff revoked access; every session of the patient was ended. Staff may reinstate it. */
    REVOKED
}
