package dev.patientportal.core;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * The operation collided with another change: a concurrent update (stale version), a slot already taken, or a
 * duplicate where only one may exist. Re-read and retry if it still makes sense.
 */
public class ConflictException extends PortalException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, without personal data
     */
    public ConflictException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, without personal data
     * @param cause the underlying failure
     */
    public ConflictException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
