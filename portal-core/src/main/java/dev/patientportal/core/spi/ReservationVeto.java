package dev.patientportal.core.spi;

import java.util.Optional;

/**
 * A host hook that may refuse a patient's booking, rescheduling or cancellation after the portal's own rules passed
 * (for example: an unpaid invoice, a referral required). It is asked about all three: a
 * {@link ReservationChange.Kind#BOOK} with the target slot, a {@link ReservationChange.Kind#RESCHEDULE} with the
 * current reservation and the target slot, and a {@link ReservationChange.Kind#CANCEL} with the current reservation. A
 * hook that cares only about bookings checks {@link ReservationChange#kind()}.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread inside the unit of work of the change, before the
 * scheduling system is asked. Must be safe for concurrent use.
 */
@FunctionalInterface
public interface ReservationVeto {
    /**
     * Decides on a change.
     *
     * @param change what the patient asked for
     * @return a PHI-free reason code to refuse (reported as a
     *     {@link dev.patientportal.core.PolicyViolationException} with rule {@code host-veto:<code>}), or empty to allow
     */
    Optional<String> check(ReservationChange change);

    /**
     * A hook that allows everything.
     *
     * @return the hook
     */
    static ReservationVeto allowAll() {
        return change -> Optional.empty();
    }
}
