package dev.patientportal.core;

import dev.patientportal.core.internal.Checks;

/**
 * Identifies a reservation (an appointment) in the host's scheduling system.
 *
 * <p>An opaque identifier: 1 to 128 letters, digits or {@code . _ : @ -}. It carries no personal data, so it may
 * appear in logs and audit events.
 *
 * @param value the identifier
 */
public record ReservationId(String value) {
    /**
     * Validates the identifier.
     *
     * @param value the identifier
     * @throws ValidationException if the value is missing or malformed; names the field {@code reservation}
     */
    public ReservationId {
        Checks.identifier("reservation", value);
    }

    /**
     * Returns the identifier with this value.
     *
     * @param value the identifier
     * @return the identifier
     * @throws ValidationException if the value is missing or malformed
     */
    public static ReservationId of(String value) {
        return new ReservationId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
