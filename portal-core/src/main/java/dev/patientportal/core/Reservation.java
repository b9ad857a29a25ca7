package dev.patientportal.core;

import java.time.Instant;

/**
 * An appointment in the host's scheduling system. The host is the source of truth; the portal reads and changes it
 * through {@link dev.patientportal.core.spi.SchedulingGateway}.
 *
 * @param id the reservation
 * @param institution the institution
 * @param patient the patient
 * @param serviceType the kind of service booked
 * @param slot the slot it occupies
 * @param start when it starts
 * @param end when it ends
 * @param status its state
 */
public record Reservation(
        ReservationId id,
        InstitutionId institution,
        PatientId patient,
        ServiceTypeId serviceType,
        SlotId slot,
        Instant start,
        Instant end,
        ReservationStatus status) {

    /**
     * Checks the fields.
     *
     * @param id the reservation
     * @param institution the institution
     * @param patient the patient
     * @param serviceType the kind of service booked
     * @param slot the slot it occupies
     * @param start when it starts
     * @param end when it ends
     * @param status its state
     */
    public Reservation {
        java.util.Objects.requireNonNull(id, "id");
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(patient, "patient");
        java.util.Objects.requireNonNull(serviceType, "serviceType");
        java.util.Objects.requireNonNull(slot, "slot");
        java.util.Objects.requireNonNull(start, "start");
        java.util.Objects.requireNonNull(end, "end");
        java.util.Objects.requireNonNull(status, "status");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start");
        }
    }

    /**
     * Tells whether the reservation is active: booked and not yet ended. Everything else is history.
     *
     * @param now the current time
     * @return {@code true} when active
     */
    public boolean isActiveAt(Instant now) {
        return status == ReservationStatus.BOOKED && end.isAfter(now);
    }
}
