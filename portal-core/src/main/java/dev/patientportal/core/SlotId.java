package dev.patientportal.core;

import dev.patientportal.core.internal.Checks;

/**
 * Identifies a bookable slot in the host's scheduling system.
 *
 * <p>An opaque identifier: 1 to 128 letters, digits or {@code . _ : @ -}. It carries no personal data, so it may
 * appear in logs and audit events.
 *
 * @param value the identifier
 */
public record SlotId(String value) {
    /**
     * Validates the identifier.
     *
     * @param value the identifier
     * @throws ValidationException if the value is missing or malformed; names the field {@code slot}
     */
    public SlotId {
        Checks.identifier("slot", value);
    }

    /**
     * Returns the identifier with this value.
     *
     * @param value the identifier
     * @return the identifier
     * @throws ValidationException if the value is missing or malformed
     */
    public static SlotId of(String value) {
        return new SlotId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
