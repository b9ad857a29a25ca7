package dev.patientportal.core;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Root of every failure the portal reports. Unchecked; a host tells the kinds apart by subclass:
 *
 * <ul>
 *   <li>{@link ValidationException}: bad input, names the field;
 *   <li>{@link NotFoundException}: no such thing, or not the caller's (the portal never says "forbidden" to a patient);
 *   <li>{@link AccessDeniedException}: a staff member lacks a permission;
 *   <li>{@link ConflictException}: a concurrent change, a slot already taken, a duplicate;
 *   <li>{@link PolicyViolationException}: a rule of the clinic forbids it (cancel cutoff passed, too many bookings);
 *   <li>{@link AuthenticationException}: wrong, expired or used code, locked, rate limited, unknown session;
 *   <li>{@link TemporaryFailureException}: a collaborator (database, SMTP, SMS provider) failed; retrying may work.
 * </ul>
 *
 * <p>Messages never contain personal data: no names, TAJ numbers, phone numbers, e-mail addresses or document titles.
 */
public class PortalException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, without personal data
     */
    public PortalException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what went wrong, without personal data
     * @param cause the underlying failure
     */
    public PortalException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
