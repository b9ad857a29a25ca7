package dev.patientportal.core;

/** How a patient proves who they are when logging in to the portal; chosen by staff when granting access. */
public enum AccessMethod {
    /** The patient types e-mail address and phone number; a one-time code goes to each and both must be verified. */
    EMAIL_AND_PHONE,
    /** The patient types TAJ and phone number; a one-time code goes by SMS and must be verified. */
    TAJ_AND_PHONE
}
