package dev.patientportal.auth;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Instant;
import java.util.Objects;

/**
 * A new session, the reward of a completed login. The host gives {@link #token()} to the client (for example in a
 * {@code Secure; HttpOnly; SameSite} cookie) and passes it to {@link dev.patientportal.core.PatientPortal#patient}.
 *
 * <p>The token is a bearer secret of 256 random bits; the portal keeps only its hash. {@link #toString()} leaves it
 * out.
 *
 * @param token the session token, 43 URL-safe characters
 * @param sessionId a stable, non-secret id of the session, for audit and logs
 * @param institution the institution
 * @param patient the patient who logged in
 * @param idleExpiresAt when the session ends unless used before
 * @param absoluteExpiresAt when the session ends however much it is used
 */
public record SessionGrant(
        String token,
        String sessionId,
        InstitutionId institution,
        PatientId patient,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt) {

    /**
     * Checks the fields.
     *
     * @param token the session token, 43 URL-safe characters
     * @param sessionId a stable, non-secret id of the session, for audit and logs
     * @param institution the institution
     * @param patient the patient who logged in
     * @param idleExpiresAt when the session ends unless used before
     * @param absoluteExpiresAt when the session ends however much it is used
     */
    public SessionGrant {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    }

    /** Leaves out the token. */
    @Override
    public String toString() {
        return "SessionGrant[sessionId=" + sessionId + ", institution=" + institution + ", patient=" + patient
                + ", idleExpiresAt=" + idleExpiresAt + ", absoluteExpiresAt=" + absoluteExpiresAt + "]";
    }
}
