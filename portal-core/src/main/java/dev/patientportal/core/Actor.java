package dev.patientportal.core;

/**
 * Who did something, as recorded in audit events and portal events.
 *
 * @param type what kind of party
 * @param id the staff or patient id, {@code "-"} for anonymous and {@code "system"} for the portal itself
 */
public record Actor(Type type, String id) {
    /** The kinds of party. */
    public enum Type {
        /** A clinic staff member. */
        STAFF,
        /** An authenticated patient. */
        PATIENT,
        /** Someone not (yet) authenticated, such as a login attempt. */
        ANONYMOUS,
        /** The portal itself, for example the notification dispatcher. */
        SYSTEM
    }

    private static final Actor ANONYMOUS_ACTOR = new Actor(Type.ANONYMOUS, "-");
    private static final Actor SYSTEM_ACTOR = new Actor(Type.SYSTEM, "system");

    /**
     * Checks the fields.
     *
     * @param type what kind of party
     * @param id the staff or patient id, {@code "-"} for anonymous and {@code "system"} for the portal itself
     */
    public Actor {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(id, "id");
    }

    /**
     * A staff member.
     *
     * @param staff the staff member
     * @return the actor
     */
    public static Actor staff(StaffId staff) {
        return new Actor(Type.STAFF, staff.value());
    }

    /**
     * A patient.
     *
     * @param patient the patient
     * @return the actor
     */
    public static Actor patient(PatientId patient) {
        return new Actor(Type.PATIENT, patient.value());
    }

    /**
     * Someone not authenticated.
     *
     * @return the anonymous actor
     */
    public static Actor anonymous() {
        return ANONYMOUS_ACTOR;
    }

    /**
     * The portal itself.
     *
     * @return the system actor
     */
    public static Actor system() {
        return SYSTEM_ACTOR;
    }
}
