package dev.patientportal.notify;

/** The ways a notification reaches a patient. */
public enum Channel {
    /** E-mail: always, when the patient record has an address. */
    EMAIL,
    /** SMS: paid per segment; only when the patient's access grant enables it. */
    SMS,
    /** Push: when the patient has registered devices of the clinic's app. */
    PUSH
}
