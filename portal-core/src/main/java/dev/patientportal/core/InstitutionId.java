package dev.patientportal.core;

import dev.patientportal.core.internal.Checks;

/**
 * Identifies an institution (a clinic) in the host's system. Every operation is scoped to one institution.
 *
 * <p>An opaque identifier: 1 to 128 letters, digits or {@code . _ : @ -}. It carries no personal data, so it may
 * appear in logs and audit events.
 *
 * @param value the identifier
 */
public record InstitutionId(String value) {
    /**
     * Validates the identifier.
     *
     * @param value the identifier
     * @throws ValidationException if the value is missing or malformed; names the field {@code institution}
     */
    public InstitutionId {
        Checks.identifier("institution", value);
    }

    /**
     * Returns the identifier with this value.
     *
     * @param value the identifier
     * @return the identifier
     * @throws ValidationException if the value is missing or malformed
     */
    public static InstitutionId of(String value) {
        return new InstitutionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
