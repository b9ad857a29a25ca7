package dev.patientportal.core;

import dev.patientportal.core.internal.Checks;

/**
 * Identifies a kind of service the clinic offers (for example a consultation type); rules such as notice periods are set per service type.
 *
 * <p>An opaque identifier: 1 to 128 letters, digits or {@code . _ : @ -}. It carries no personal data, so it may
 * appear in logs and audit events.
 *
 * @param value the identifier
 */
public record ServiceTypeId(String value) {
    /**
     * Validates the identifier.
     *
     * @param value the identifier
     * @throws ValidationException if the value is missing or malformed; names the field {@code serviceType}
     */
    public ServiceTypeId {
        Checks.identifier("serviceType", value);
    }

    /**
     * Returns the identifier with this value.
     *
     * @param value the identifier
     * @return the identifier
     * @throws ValidationException if the value is missing or malformed
     */
    public static ServiceTypeId of(String value) {
        return new ServiceTypeId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
