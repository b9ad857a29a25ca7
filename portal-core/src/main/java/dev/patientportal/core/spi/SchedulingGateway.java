package dev.patientportal.core.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import java.util.List;
import java.util.Optional;

/**
 * The host's scheduling system, the source of truth for reservations and free slots. The portal adds its rules
 * (notice periods, horizon, lead time, limits, veto) and calls this only once they pass.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread inside the unit of work of the patient's operation;
 * must be safe for concurrent use. {@link #book} and {@link #reschedule} must be atomic with respect to the slot: two
 * patients asking for one slot at once get one reservation and one {@link dev.patientportal.core.ConflictException}.
 */
public interface SchedulingGateway {
    /**
     * Lists all of a patient's reservations, in every status.
     *
     * @param institution the institution
     * @param patient the patient
     * @return the reservations, in any order
     */
    List<Reservation> reservations(InstitutionId institution, PatientId patient);

    /**
     * Finds a reservation.
     *
     * @param institution the institution
     * @param id the reservation
     * @return the reservation of any patient, or empty
     */
    Optional<Reservation> reservation(InstitutionId institution, ReservationId id);

    /**
     * Lists free slots, earliest first.
     *
     * @param institution the institution
     * @param query the window, service and limit
     * @return at most {@code query.limit()} free slots whose start lies in the window
     */
    List<Slot> availableSlots(InstitutionId institution, SlotQuery query);

    /**
     * Finds a free slot.
     *
     * @param institution the institution
     * @param id the slot
     * @return the slot if it exists and is free, or empty
     */
    Optional<Slot> slot(InstitutionId institution, SlotId id);

    /**
     * Tells whether a slot exists but is no longer free, so that the portal answers a patient who asks for it with
     * {@link dev.patientportal.core.ConflictException} ("taken") rather than
     * {@link dev.patientportal.core.NotFoundException} ("no such slot"). Called only after {@link #slot} found nothing.
     * The default answers {@code false}: a taken slot is then reported as not found.
     *
     * @param institution the institution
     * @param id the slot
     * @return {@code true} when the slot exists and is taken
     */
    default boolean isTaken(InstitutionId institution, SlotId id) {
        return false;
    }

    /**
     * Finds the reservation a booking with this idempotency key made, so a retried request gets the same answer.
     *
     * @param institution the institution
     * @param patient the patient who booked
     * @param idempotencyKey the key
     * @return the reservation, or empty when the key was never used by this patient
     */
    Optional<Reservation> findByIdempotencyKey(InstitutionId institution, PatientId patient, String idempotencyKey);

    /**
     * Books a free slot. Booking again with the same patient and idempotency key returns the first reservation and
     * books nothing.
     *
     * <p>The portal checks the patient's active bookings against {@code maxActiveBookings} before it calls this; two
     * bookings of one patient racing on two nodes can both pass that check. A scheduling system that must hold the
     * limit strictly enforces it here too and answers {@link dev.patientportal.core.PolicyViolationException}.
     *
     * <p>The portal itself calls {@link #bookWithOutcome}, whose default calls this.
     *
     * @param institution the institution
     * @param patient the patient
     * @param slot the slot
     * @param idempotencyKey a key the client chose for this booking request
     * @return the reservation, status {@code BOOKED}
     * @throws dev.patientportal.core.ConflictException when the slot is taken
     * @throws dev.patientportal.core.NotFoundException when there is no such slot
     */
    Reservation book(InstitutionId institution, PatientId patient, SlotId slot, String idempotencyKey);

    /**
     * Books a free slot like {@link #book}, and says whether this call made the reservation or found the one an earlier
     * call with the same patient and idempotency key made. The portal calls this, not {@link #book}, and confirms the
     * booking (notification, event, audit success) only for {@link BookingOutcome.Origin#CREATED}; a
     * {@link BookingOutcome.Origin#FOUND} is audited as replayed and confirmed again to nobody.
     *
     * <p>Override it: the check for the key and the booking must be one atomic step, so that of several calls racing
     * with one key (a client retrying on two nodes) exactly one answers {@code CREATED}. For a database behind the
     * gateway that is typically a unique constraint on (institution, patient, key) and an insert that either wins or
     * reads the winner's row.
     *
     * <p>The default calls {@link #book} and answers {@link BookingOutcome.Origin#UNKNOWN}, since it cannot tell. It
     * does not answer {@code CREATED}, which would confirm every racing retry, nor {@code FOUND}, which would confirm
     * none. For {@code UNKNOWN} the portal dedupes on its own: it confirms a reservation once per
     * {@code PatientPortal} instance, so retries racing on one node confirm once, but retries racing on two nodes may
     * both confirm it.
     *
     * <p>The portal checks that the reservation is the calling patient's in this institution, whatever the origin; one
     * that is not is refused as {@link dev.patientportal.core.NotFoundException} and confirmed to nobody.
     *
     * @param institution the institution
     * @param patient the patient
     * @param slot the slot
     * @param idempotencyKey a key the client chose for this booking request
     * @return the reservation and where it came from
     * @throws dev.patientportal.core.ConflictException when the slot is taken
     * @throws dev.patientportal.core.NotFoundException when there is no such slot
     */
    default BookingOutcome bookWithOutcome(
            InstitutionId institution, PatientId patient, SlotId slot, String idempotencyKey) {
        return BookingOutcome.unknown(book(institution, patient, slot, idempotencyKey));
    }

    /**
     * Moves a reservation to another free slot, freeing the old one.
     *
     * @param institution the institution
     * @param reservation the reservation
     * @param slot the new slot
     * @return the changed reservation
     * @throws dev.patientportal.core.ConflictException when the slot is taken
     * @throws dev.patientportal.core.NotFoundException when there is no such reservation or slot
     */
    Reservation reschedule(InstitutionId institution, ReservationId reservation, SlotId slot);

    /**
     * Cancels a reservation, freeing its slot.
     *
     * @param institution the institution
     * @param reservation the reservation
     * @return the reservation, status {@code CANCELLED}
     * @throws dev.patientportal.core.NotFoundException when there is no such reservation
     * @throws dev.patientportal.core.ConflictException when it is no longer booked
     */
    Reservation cancel(InstitutionId institution, ReservationId reservation);
}
