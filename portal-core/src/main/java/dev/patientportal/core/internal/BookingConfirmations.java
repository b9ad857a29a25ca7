package dev.patientportal.core.internal;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.ReservationId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reservations this portal instance confirmed lately, so that a scheduling gateway that cannot say whether a
 * booking created its reservation (or says "created" twice) does not get it confirmed twice by racing retries.
 *
 * <p>Bounded: the oldest entries are forgotten first. Duplicates come from retries racing within seconds, so a few
 * thousand recent bookings cover them. Thread-safe.
 */
public final class BookingConfirmations {
    private static final int CAPACITY = 4096;

    private record Key(InstitutionId institution, ReservationId reservation) {}

    /** Creates an empty record of confirmations. */
    public BookingConfirmations() {}

    private final Map<Key, Boolean> recent = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Claims the confirmation of a reservation.
     *
     * @param institution the institution
     * @param reservation the reservation
     * @return {@code true} for the first claim, {@code false} when this instance confirmed it already
     */
    public synchronized boolean claim(InstitutionId institution, ReservationId reservation) {
        return recent.putIfAbsent(new Key(institution, reservation), Boolean.TRUE) == null;
    }
}
