package dev.patientportal.core.spi;

import dev.patientportal.core.AuditEvent;

/**
 * Receives every audit event: staff actions, login attempts, and every read of patient data by the patient.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread. Events of a change are recorded inside its unit of
 * work; events of refused attempts (wrong code, not found, denied) are recorded in a unit of work of their own, so they
 * survive the rollback of the failed operation. Must be safe for concurrent use. Throwing fails the operation: an
 * action that cannot be audited does not happen.
 */
@FunctionalInterface
public interface AuditSink {
    /**
     * Records an event.
     *
     * @param event the event; its details hold no personal data
     * @throws dev.patientportal.core.TemporaryFailureException when the event cannot be stored
     */
    void record(AuditEvent event);
}
