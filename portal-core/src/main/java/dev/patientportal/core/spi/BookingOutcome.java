package dev.patientportal.core.spi;

import dev.patientportal.core.Reservation;
import java.util.Objects;

/**
 * What {@link SchedulingGateway#bookWithOutcome} did: the reservation, and whether this very call created it or found
 * the one an earlier call with the same patient and idempotency key made. The portal confirms a booking (notification,
 * event, audit success) only when the call {@linkplain Origin#CREATED created} it, so two racing retries of one
 * request confirm it once.
 *
 * @param reservation the reservation, status {@code BOOKED} when created
 * @param origin whether the call created it, found it, or cannot tell
 */
public record BookingOutcome(Reservation reservation, Origin origin) {
    /** Where the reservation of a booking call came from. */
    public enum Origin {
        /** This call made the reservation. */
        CREATED,
        /** An earlier call with the same patient and idempotency key made it; this call booked nothing. */
        FOUND,
        /**
         * The gateway cannot tell (the {@link SchedulingGateway#bookWithOutcome} default, for gateways written before
         * it). The portal then confirms the reservation unless this portal instance has already confirmed it; two
         * calls racing on two nodes may both confirm it.
         */
        UNKNOWN
    }

    /**
     * Checks the components.
     *
     * @param reservation the reservation, status {@code BOOKED} when created
     * @param origin whether the call created it, found it, or cannot tell
     * @throws NullPointerException when one is {@code null}
     */
    public BookingOutcome {
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * The call made the reservation.
     *
     * @param reservation the new reservation
     * @return the outcome
     */
    public static BookingOutcome created(Reservation reservation) {
        return new BookingOutcome(reservation, Origin.CREATED);
    }

    /**
     * The call found the reservation an earlier call with the same key made.
     *
     * @param reservation the earlier reservation
     * @return the outcome
     */
    public static BookingOutcome found(Reservation reservation) {
        return new BookingOutcome(reservation, Origin.FOUND);
    }

    /**
     * The gateway cannot tell whether the call made the reservation.
     *
     * @param reservation the reservation
     * @return the outcome
     */
    public static BookingOutcome unknown(Reservation reservation) {
        return new BookingOutcome(reservation, Origin.UNKNOWN);
    }
}
