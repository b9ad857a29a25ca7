package dev.patientportal.notify;

/** Why a channel was not used for a notification. None of these is an error to retry. */
public enum SkipReason {
    /** The policy does not use this channel for this kind of notification (no SMS for a welcome e-mail). */
    NOT_FOR_THIS_EVENT,
    /** The patient record has no e-mail address. */
    NO_EMAIL_ADDRESS,
    /** The patient record has no phone number that can receive SMS. */
    NO_MOBILE_NUMBER,
    /** The patient's access grant does not enable SMS notifications. */
    SMS_NOT_ENABLED,
    /** The patient has no registered device of the institution's app, or the institution has no app. */
    NO_DEVICES,
    /** The institution's monthly SMS budget is spent. */
    SMS_BUDGET_EXHAUSTED,
    /** The notifier was built without a channel of this kind. */
    CHANNEL_NOT_CONFIGURED,
    /** The patient's access grant is no longer active. */
    GRANT_INACTIVE,
    /** The document is no longer visible to the patient. */
    SUBJECT_NOT_VISIBLE,
    /** The patient directory has no such patient. */
    PATIENT_NOT_FOUND
}
