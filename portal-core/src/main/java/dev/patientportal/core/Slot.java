package dev.patientportal.core;

import java.time.Instant;

/**
 * A free, bookable time in the host's scheduling system.
 *
 * @param id the slot
 * @param serviceType the kind of service it is for
 * @param start when it starts
 * @param end when it ends
 */
public record Slot(SlotId id, ServiceTypeId serviceType, Instant start, Instant end) {
    /**
     * Checks the fields.
     *
     * @param id the slot
     * @param serviceType the kind of service it is for
     * @param start when it starts
     * @param end when it ends
     */
    public Slot {
        java.util.Objects.requireNonNull(id, "id");
        java.util.Objects.requireNonNull(serviceType, "serviceType");
        java.util.Objects.requireNonNull(start, "start");
        java.util.Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start");
        }
    }
}
