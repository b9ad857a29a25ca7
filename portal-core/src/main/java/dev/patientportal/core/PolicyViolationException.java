package dev.patientportal.core;

import java.io.Serial;

/**
 * A rule of the clinic forbids the operation: the cancellation notice period has passed, the patient has too many
 * active bookings, self-booking is off for the service, the portal is view-only, or the host's veto hook said no.
 * {@link #rule()} is a stable code a host can map to its own message.
 */
public class PolicyViolationException extends PortalException {
    @Serial private static final long serialVersionUID = 1L;

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
