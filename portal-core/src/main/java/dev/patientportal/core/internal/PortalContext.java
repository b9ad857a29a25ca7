package dev.patientportal.core.internal;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.DocumentPolicy;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.spi.Notifier;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalEventListener;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.ReservationVeto;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.core.spi.StaffDirectory;
import dev.patientportal.core.spi.TransactionRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a portal was wired with, shared by the facades. Immutable, but for the thread-safe record of the bookings
 * it confirmed lately.
 */
public record PortalContext(
        PatientDirectory directory,
        SchedulingGateway scheduling,
        PortalStores stores,
        Notifier notifier,
        SessionResolver sessions,
        TransactionRunner transactions,
        Clock clock,
        ReservationPolicy reservationPolicy,
        DocumentPolicy documentPolicy,
        ReservationVeto veto,
        List<PortalEventListener> listeners,
        BookingConfirmations confirmations,
        StaffDirectory staffDirectory) {

    private static final Logger LOG = LoggerFactory.getLogger(PortalContext.class);

    /** Copies the listeners. */
    public PortalContext {
        listeners = List.copyOf(listeners);
        java.util.Objects.requireNonNull(confirmations, "confirmations");
        java.util.Objects.requireNonNull(staffDirectory, "staffDirectory");
    }

    /** A context with a fresh record of booking confirmations, one per portal. */
    public PortalContext(
            PatientDirectory directory,
            SchedulingGateway scheduling,
            PortalStores stores,
            Notifier notifier,
            SessionResolver sessions,
            TransactionRunner transactions,
            Clock clock,
            ReservationPolicy reservationPolicy,
            DocumentPolicy documentPolicy,
            ReservationVeto veto,
            List<PortalEventListener> listeners,
            StaffDirectory staffDirectory) {
        this(
                directory,
                scheduling,
                stores,
                notifier,
                sessions,
                transactions,
                clock,
                reservationPolicy,
                documentPolicy,
                veto,
                listeners,
                new BookingConfirmations(),
                staffDirectory);
    }

    /** The current time. */
    public Instant now() {
        return clock.instant();
    }

    /** Records an audit event now. */
    public void audit(
            InstitutionId institution,
            Actor actor,
            String action,
            @Nullable PatientId patient,
            @Nullable String target,
            AuditEvent.Outcome outcome,
            @Nullable String clientAddress,
            Map<String, String> details) {
        stores.audit()
                .record(new AuditEvent(
                        now(), institution, actor, action, patient, target, outcome, clientAddress, details));
    }

    /** Delivers events to the listeners after a unit of work; a failing listener is logged and skipped. */
    public void publish(List<PortalEvent> events) {
        for (PortalEvent event : events) {
            for (PortalEventListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "Portal event listener {} failed on {} for institution {}",
                            listener.getClass().getName(),
                            event.type(),
                            event.institution(),
                            e);
                }
            }
        }
    }
}
