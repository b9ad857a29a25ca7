package dev.patientportal.core;

/** The state of a reservation in the host's scheduling system. */
public enum ReservationStatus {
    /** Booked and, until its end, active. */
    BOOKED,
    /** Cancelled by the patient or the clinic. */
    CANCELLED,
    /** The appointment took place. */
    COMPLETED,
    /** The patient did not come. */
    NO_SHOW
}
