package dev.patientportal.core;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A collaborator failed in a way that may pass: the database, the SMTP server, the SMS or push provider. The
 * operation did not complete; retrying later may succeed.
 */
public class TemporaryFailureException extends PortalException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, without personal data
     */
    public TemporaryFailureException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, without personal data
     * @param cause the underlying failure
     */
    public TemporaryFailureException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
