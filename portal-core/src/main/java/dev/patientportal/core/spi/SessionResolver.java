package dev.patientportal.core.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientSession;
import java.util.Optional;

/**
 * Turns a session token into an authenticated patient and ends sessions. {@code portal-auth} implements it.
 *
 * <p><b>Threads and transactions:</b> {@link #resolve} is called on the caller's thread at the start of every patient
 * operation, outside any unit of work; {@link #endSessions} inside the unit of work of the grant change that requires
 * it. Must be safe for concurrent use.
 */
public interface SessionResolver {
    /**
     * Resolves a token, extending the session's idle timeout.
     *
     * @param token the token the patient presented
     * @return the session, or empty when the token is unknown, expired or ended; a resolver that binds sessions to
     *     the grant version they were made under (portal-auth does) also answers empty once the grant no longer
     *     {@linkplain dev.patientportal.core.AccessGrant#admitsSessionMadeUnder admits} it, which closes the window
     *     in which a login completes while {@link #endSessions}'s grant change is still uncommitted
     */
    Optional<PatientSession> resolve(String token);

    /**
     * Whether {@link #resolve} answers a session only while the patient's grant in the portal's grant store is active,
     * read on that very call (portal-auth's resolver does: it checks the grant version each session is bound to, and
     * ends a session its grant no longer admits). The portal then reads the grant once per call, in the resolver,
     * instead of checking it again after every resolve. Answer {@code true} only when the grants checked are the
     * portal's own.
     *
     * @return {@code true} when every resolved session had an active grant; {@code false} (the default) makes the
     *     portal check the grant itself after each resolve, and end the patient's sessions when it is not active
     */
    default boolean checksActiveGrant() {
        return false;
    }

    /**
     * Ends every session of a patient at once; called when staff revoke access or change the access method.
     *
     * @param institution the institution
     * @param patient the patient
     */
    void endSessions(InstitutionId institution, PatientId patient);
}
