package dev.patientportal.core;

import dev.patientportal.core.internal.Checks;
import java.util.UUID;

/**
 * Identifies a document published to the portal.
 *
 * <p>An opaque identifier: 1 to 128 letters, digits or {@code . _ : @ -}. It carries no personal data, so it may
 * appear in logs and audit events.
 *
 * @param value the identifier
 */
public record DocumentId(String value) {
    /**
     * Validates the identifier.
     *
     * @param value the identifier
     * @throws ValidationException if the value is missing or malformed; names the field {@code document}
     */
    public DocumentId {
        Checks.identifier("document", value);
    }

    /**
     * Returns the identifier with this value.
     *
     * @param value the identifier
     * @return the identifier
     * @throws ValidationException if the value is missing or malformed
     */
    public static DocumentId of(String value) {
        return new DocumentId(value);
    }

    /**
     * Returns a new random identifier (a UUID).
     *
     * @return a fresh identifier
     */
    public static DocumentId random() {
        return new DocumentId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
