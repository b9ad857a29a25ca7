package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationStatus;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.spi.BookingOutcome;
import dev.patientportal.core.spi.Notifier;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * How many confirmations the portal sends when a scheduling system reports (or misreports) whether a booking created
 * its reservation: counted and ordered on a Mockito gateway and notifier, with the real portal and in-memory stores in
 * between. Issue 12, defects 3 and 8.
 */
@DisplayName("Booking confirmations against a scripted scheduling system")
class BookingConfirmationMockTest {
    private final InstitutionId clinic = Samples.institution();
    private final PatientId patient = Samples.patient();
    private final SchedulingGateway gateway = mock(SchedulingGateway.class);
    private final Notifier notifier = mock(Notifier.class);
    private final TestPortal t = TestPortal.builder()
            .customize(b -> b.scheduling(gateway).notifications(notifier))
            .build();
    private final Instant start = t.clock().instant().plus(Duration.ofDays(2));
    private final Slot slot =
            new Slot(SlotId.of("slot-1"), ServiceTypeId.of("CONSULT"), start, start.plus(Duration.ofMinutes(30)));
    private final Reservation reservation = reservationOf(patient);

    BookingConfirmationMockTest() {
        t.addPatient(clinic, patient);
        t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        when(gateway.findByIdempotencyKey(any(), any(), any())).thenReturn(Optional.empty());
        when(gateway.slot(clinic, slot.id())).thenReturn(Optional.of(slot));
        when(gateway.reservations(any(), any())).thenReturn(List.of());
        clearInvocations(notifier);
        t.audit().clear();
        t.events().clear();
    }

    private Reservation reservationOf(PatientId owner) {
        return new Reservation(
                ReservationId.of("res-1"),
                clinic,
                owner,
                slot.serviceType(),
                slot.id(),
                slot.start(),
                slot.end(),
                ReservationStatus.BOOKED);
    }

    private Reservation book() {
        return t.patientView(clinic, patient).book(slot.id(), "req-1");
    }

    private static NotificationIntent booked() {
        return argThat(i -> i != null && i.type() == NotificationIntent.Type.RESERVATION_BOOKED);
    }

    private List<String> bookAudit() {
        return t.audit().events(AuditActions.RESERVATION_BOOK).stream()
                .map(e -> e.outcome() + (e.details().containsKey("replayed") ? "/replayed" : ""))
                .toList();
    }

    @Test
    @DisplayName("FOUND then CREATED for one reservation: confirmed once, after the call that created it")
    void foundThenCreated_confirmedOnceAfterCreation() {
        when(gateway.bookWithOutcome(any(), any(), any(), any()))
                .thenReturn(BookingOutcome.found(reservation), BookingOutcome.created(reservation));

        assertThat(book()).isEqualTo(reservation);
        assertThat(book()).isEqualTo(reservation);

        InOrder order = inOrder(gateway, notifier);
        order.verify(gateway).bookWithOutcome(clinic, patient, slot.id(), "req-1");
        order.verify(gateway).bookWithOutcome(clinic, patient, slot.id(), "req-1");
        order.verify(notifier).submit(booked());
        verify(notifier, times(1)).submit(any());
        verify(gateway, never()).book(any(), any(), any(), any());
        assertThat(t.events().events(PortalEvent.Type.RESERVATION_BOOKED)).hasSize(1);
        assertThat(bookAudit()).containsExactly("SUCCESS/replayed", "SUCCESS");
    }

    @Test
    @DisplayName("CREATED twice for one reservation, as a host that never looks at the key would say: confirmed once")
    void createdTwice_confirmedOnce() {
        when(gateway.bookWithOutcome(any(), any(), any(), any()))
                .thenReturn(BookingOutcome.created(reservation), BookingOutcome.created(reservation));

        book();
        book();

        InOrder order = inOrder(gateway, notifier);
        order.verify(gateway).bookWithOutcome(clinic, patient, slot.id(), "req-1");
        order.verify(notifier).submit(booked());
        order.verify(gateway).bookWithOutcome(clinic, patient, slot.id(), "req-1");
        verify(notifier, times(1)).submit(any());
        assertThat(t.events().events(PortalEvent.Type.RESERVATION_BOOKED)).hasSize(1);
        assertThat(bookAudit()).containsExactly("SUCCESS", "SUCCESS/replayed");
    }

    @Test
    @DisplayName("a gateway that cannot tell (the default method) returning one reservation twice: confirmed once")
    void unknownTwice_confirmedOnce() {
        when(gateway.bookWithOutcome(any(), any(), any(), any()))
                .thenReturn(BookingOutcome.unknown(reservation), BookingOutcome.unknown(reservation));

        book();
        book();

        verify(notifier, times(1)).submit(booked());
        assertThat(t.events().events(PortalEvent.Type.RESERVATION_BOOKED)).hasSize(1);
        assertThat(bookAudit()).containsExactly("SUCCESS", "SUCCESS/replayed");
    }

    @Test
    @DisplayName("FOUND alone is audited as replayed and confirmed to nobody")
    void foundAlone_notConfirmed() {
        when(gateway.bookWithOutcome(any(), any(), any(), any())).thenReturn(BookingOutcome.found(reservation));

        assertThat(book()).isEqualTo(reservation);

        verify(notifier, never()).submit(any());
        assertThat(t.events().events()).isEmpty();
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
                    assertThat(e.targetId()).isEqualTo(reservation.id().value());
                    assertThat(e.details()).containsEntry("replayed", "true");
                });
    }

    @Test
    @DisplayName("a default-method gateway is asked through book, once per call")
    void defaultMethod_delegatesToBook() {
        when(gateway.bookWithOutcome(any(), any(), any(), any())).thenCallRealMethod();
        when(gateway.book(clinic, patient, slot.id(), "req-1")).thenReturn(reservation);

        book();

        verify(gateway, times(1)).book(eq(clinic), eq(patient), eq(slot.id()), eq("req-1"));
        verify(notifier, times(1)).submit(booked());
    }

    @Test
    @DisplayName("CREATED with another patient's reservation: not found, audited, and nothing is confirmed")
    void createdForAnotherPatient_notFound() {
        when(gateway.bookWithOutcome(any(), any(), any(), any()))
                .thenReturn(BookingOutcome.created(reservationOf(Samples.patient())));

        assertThatThrownBy(this::book).isInstanceOf(NotFoundException.class);

        verify(notifier, never()).submit(any());
        assertThat(t.events().events()).isEmpty();
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
                    assertThat(e.details()).containsEntry("error", "not-found");
                });
    }
}
