package dev.patientportal.core.spi;

import dev.patientportal.core.PortalEvent;

/**
 * Hears about changes the clinic's staff may care about (a patient booked, cancelled; a grant was revoked).
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread after the unit of work of the change has completed,
 * so a listener never sees an event of a change that rolled back. A listener that throws is logged and ignored: the
 * change has happened. Keep it quick, or hand the event to a queue.
 */
@FunctionalInterface
public interface PortalEventListener {
    /**
     * Handles an event.
     *
     * @param event what happened
     */
    void onEvent(PortalEvent event);
}
