package dev.patientportal.core.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.Slot;
import org.jspecify.annotations.Nullable;

/**
 * A change a patient asked for, as shown to {@link ReservationVeto}.
 *
 * @param kind what the patient asked for
 * @param institution the institution
 * @param patient the patient
 * @param current the reservation being changed, or {@code null} when booking
 * @param target the slot asked for, or {@code null} when cancelling
 */
public record ReservationChange(
        Kind kind,
        InstitutionId institution,
        PatientId patient,
        @Nullable Reservation current,
        @Nullable Slot target) {

    /** The kinds of change. */
    public enum Kind {
        /** A new booking. */
        BOOK,
        /** Moving a reservation to another slot. */
        RESCHEDULE,
        /** Cancelling a reservation. */
        CANCEL
    }
}
