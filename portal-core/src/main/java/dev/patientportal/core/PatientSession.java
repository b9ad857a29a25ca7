package dev.patientportal.core;

/**
 * An authenticated patient, as a {@link dev.patientportal.core.spi.SessionResolver} resolves it from a session token.
 *
 * @param institution the institution whose portal the patient logged in to
 * @param patient the patient
 * @param sessionId a stable, non-secret id of the session (never the token), for audit
 */
public record PatientSession(InstitutionId institution, PatientId patient, String sessionId) {
    /**
     * Checks the fields.
     *
     * @param institution the institution whose portal the patient logged in to
     * @param patient the patient
     * @param sessionId a stable, non-secret id of the session (never the token), for audit
     */
    public PatientSession {
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(patient, "patient");
        java.util.Objects.requireNonNull(sessionId, "sessionId");
    }
}
