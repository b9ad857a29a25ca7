package dev.patientportal.core;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A staff member attempted an operation without the permission it needs (see {@link StaffPermission}).
 */
public class AccessDeniedException extends PortalException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, without personal data
     */
    public AccessDeniedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, without personal data
     * @param cause the underlying failure
     */
    public AccessDeniedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
