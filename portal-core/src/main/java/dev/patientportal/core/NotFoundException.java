package dev.patientportal.core;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * The thing asked for does not exist, or does not belong to the caller. A patient asking for another patient's
 * document, reservation or slot gets this, never {@link AccessDeniedException}, so ids reveal nothing.
 */
public class NotFoundException extends PortalException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, without personal data
     */
    public NotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, without personal data
     * @param cause the underlying failure
     */
    public NotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
