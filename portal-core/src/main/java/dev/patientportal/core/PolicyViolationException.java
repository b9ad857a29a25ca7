package dev.patientportal.core;

import java.io.Serial;

/**
 * A rule of the clinic forbids the operation: the cancellation notice period has passed, the patient has too many
 * active bookings, self-booking or self-cancelling is off for the service, the portal is view-only, or the host's veto
 * hook said no. {@link #rule()} is a stable code a host can map to its own message:
 *
 * <ul>
 *   <li>{@code reservation.view-only}, {@code reservation.self-booking-off}, {@code reservation.self-cancel-off},
 *       {@code reservation.lead-time}, {@code reservation.horizon}, {@code reservation.max-active},
 *       {@code reservation.modify-notice}, {@code reservation.cancel-notice}, {@code reservation.other-service},
 *       {@code reservation.not-active} for a patient's reservations;
 *   <li>{@code host-veto:<code>} when the host's {@link dev.patientportal.core.spi.ReservationVeto} refused;
 *   <li>{@code access.already-revoked}, {@code access.already-active} and {@code document.withdrawn} for staff.
 * </ul>
 */
public class PolicyViolationException extends PortalException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The stable code of the violated rule; see {@link #rule()}. */
    private final String rule;

    /**
     * Creates a policy violation.
     *
     * @param rule a stable, PHI-free code, for example {@code "reservation.cancel-notice"}
     * @param message a human-readable explanation, without personal data
     */
    public PolicyViolationException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /**
     * Returns the code of the rule that was violated.
     *
     * @return a stable code such as {@code "reservation.max-active"}
     */
    public String rule() {
        return rule;
    }
}
