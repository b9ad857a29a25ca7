package dev.patientportal.core;

import dev.patientportal.core.internal.Checks;

/**
 * A document type code configured by the institution (for example {@code LAB_RESULT}). Shown to the patient, but never put into a notification.
 *
 * <p>An opaque identifier: 1 to 128 letters, digits or {@code . _ : @ -}. It carries no personal data, so it may
 * appear in logs and audit events.
 *
 * @param value the identifier
 */
public record DocumentType(String value) {
    /**
     * Validates the identifier.
     *
     * @param value the identifier
     * @throws ValidationException if the value is missing or malformed; names the field {@code documentType}
     */
    public DocumentType {
        Checks.identifier("documentType", value);
    }

    /**
     * Returns the identifier with this value.
     *
     * @param value the identifier
     * @return the identifier
     * @throws ValidationException if the value is missing or malformed
     */
    public static DocumentType of(String value) {
        return new DocumentType(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
