package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.spi.ReservationVeto;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.Race;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Parallel bookings with one idempotency key, on real threads: one reservation and one confirmation (intent, event,
 * audit success), however the calls interleave. Issue 12, defect 3.
 */
@DisplayName("Bookings racing with one idempotency key")
class BookingRaceBehaviourTest {
    private static final int THREADS = 16;
    private static final ServiceTypeId CONSULT = ServiceTypeId.of("CONSULT");

    private final InstitutionId clinic = Samples.institution();
    private final PatientId patient = Samples.patient();

    private TestPortal portal(ReservationVeto veto) {
        TestPortal t = TestPortal.builder().reservationVeto(veto).build();
        t.addPatient(clinic, patient);
        t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        t.notifier().clear();
        t.events().clear();
        t.audit().clear();
        return t;
    }

    private Slot slot(TestPortal t) {
        Instant start = t.clock().instant().plus(Duration.ofDays(2));
        return t.scheduling()
                .addSlot(
                        clinic,
                        new Slot(
                                SlotId.of("slot-" + UUID.randomUUID()),
                                CONSULT,
                                start,
                                start.plus(Duration.ofMinutes(30))));
    }

    /** Holds every booking at the veto until all have passed the portal's own checks, so all reach the gateway. */
    private static ReservationVeto gate(CyclicBarrier barrier) {
        return change -> {
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException(e);
            }
            return Optional.empty();
        };
    }

    private static void assertOneConfirmation(
            TestPortal t, InstitutionId clinic, PatientId patient, List<Race.Outcome<Reservation>> outcomes) {
        List<Reservation> booked = t.scheduling().reservations(clinic, patient);
        assertThat(booked).hasSize(1);
        Reservation reservation = booked.get(0);
        assertThat(outcomes).allSatisfy(o -> {
            if (o.succeeded()) {
                assertThat(o.result()).isEqualTo(reservation);
            } else {
                assertThat(o.failure()).isInstanceOf(ConflictException.class);
            }
        });
        assertThat(t.notifier().intents(NotificationIntent.Type.RESERVATION_BOOKED))
                .singleElement()
                .satisfies(i ->
                        assertThat(i.subjectId()).isEqualTo(reservation.id().value()));
        assertThat(t.events().events(PortalEvent.Type.RESERVATION_BOOKED))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.subjectId()).isEqualTo(reservation.id().value()));
        List<AuditEvent> successes = t.audit().events(AuditActions.RESERVATION_BOOK).stream()
                .filter(e -> e.outcome() == AuditEvent.Outcome.SUCCESS)
                .toList();
        assertThat(successes)
                .filteredOn(e -> !"true".equals(e.details().get("replayed")))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.targetId()).isEqualTo(reservation.id().value()));
        long succeeded = outcomes.stream().filter(Race.Outcome::succeeded).count();
        assertThat(successes)
                .hasSize((int) succeeded)
                .allSatisfy(
                        e -> assertThat(e.targetId()).isEqualTo(reservation.id().value()));
    }

    @Test
    @DisplayName("every racing booking reaches the gateway: one reservation, one intent, one event, one audit success, "
            + "and the others are audited as replayed")
    void allReachGateway_oneConfirmation() {
        TestPortal t = portal(gate(new CyclicBarrier(THREADS)));
        Slot s = slot(t);
        String key = "req-" + UUID.randomUUID();

        List<Race.Outcome<Reservation>> outcomes =
                Race.run(THREADS, i -> () -> t.patientView(clinic, patient).book(s.id(), key));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.succeeded()).isTrue());
        assertOneConfirmation(t, clinic, patient, outcomes);
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK))
                .filteredOn(e -> "true".equals(e.details().get("replayed")))
                .hasSize(THREADS - 1);
    }

    @Test
    @DisplayName("a gateway written before bookWithOutcome, all racing bookings reaching it: the portal dedupes and "
            + "confirms once")
    void legacyGateway_allReachGateway_oneConfirmation() {
        InMemoryScheduling backing = new InMemoryScheduling();
        TestPortal t = TestPortal.builder()
                .reservationVeto(gate(new CyclicBarrier(THREADS)))
                .customize(b -> b.scheduling(new LegacyScheduling(backing)))
                .build();
        t.addPatient(clinic, patient);
        t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        t.notifier().clear();
        t.events().clear();
        t.audit().clear();
        Instant start = t.clock().instant().plus(Duration.ofDays(2));
        Slot s = backing.addSlot(
                clinic,
                new Slot(SlotId.of("slot-" + UUID.randomUUID()), CONSULT, start, start.plus(Duration.ofMinutes(30))));
        String key = "req-" + UUID.randomUUID();

        List<Race.Outcome<Reservation>> outcomes =
                Race.run(THREADS, i -> () -> t.patientView(clinic, patient).book(s.id(), key));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.succeeded()).isTrue());
        assertThat(backing.reservations(clinic, patient)).hasSize(1);
        Reservation reservation = backing.reservations(clinic, patient).get(0);
        assertThat(t.notifier().intents(NotificationIntent.Type.RESERVATION_BOOKED))
                .hasSize(1);
        assertThat(t.events().events(PortalEvent.Type.RESERVATION_BOOKED)).hasSize(1);
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK))
                .filteredOn(e -> e.outcome() == AuditEvent.Outcome.SUCCESS)
                .hasSize(THREADS)
                .allSatisfy(
                        e -> assertThat(e.targetId()).isEqualTo(reservation.id().value()))
                .filteredOn(e -> !"true".equals(e.details().get("replayed")))
                .hasSize(1);
    }

    @RepeatedTest(5)
    @DisplayName("an unsynchronised race of bookings with one key confirms exactly once")
    void freeRace_oneConfirmation() {
        TestPortal t = portal(ReservationVeto.allowAll());
        Slot s = slot(t);
        String key = "req-" + UUID.randomUUID();

        List<Race.Outcome<Reservation>> outcomes =
                Race.run(THREADS, i -> () -> t.patientView(clinic, patient).book(s.id(), key));

        assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).isNotEmpty();
        assertOneConfirmation(t, clinic, patient, outcomes);
    }

    /** Implements only what a scheduling gateway had before {@code bookWithOutcome}, by delegation. */
    static final class LegacyScheduling implements SchedulingGateway {
        private final InMemoryScheduling delegate;

        LegacyScheduling(InMemoryScheduling delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Reservation> reservations(InstitutionId institution, PatientId patient) {
            return delegate.reservations(institution, patient);
        }

        @Override
        public Optional<Reservation> reservation(InstitutionId institution, ReservationId id) {
            return delegate.reservation(institution, id);
        }

        @Override
        public List<Slot> availableSlots(InstitutionId institution, SlotQuery query) {
            return delegate.availableSlots(institution, query);
        }

        @Override
        public Optional<Slot> slot(InstitutionId institution, SlotId id) {
            return delegate.slot(institution, id);
        }

        @Override
        public Optional<Reservation> findByIdempotencyKey(
                InstitutionId institution, PatientId patient, String idempotencyKey) {
            return delegate.findByIdempotencyKey(institution, patient, idempotencyKey);
        }

        @Override
        public Reservation book(InstitutionId institution, PatientId patient, SlotId slot, String idempotencyKey) {
            return delegate.book(institution, patient, slot, idempotencyKey);
        }

        @Override
        public Reservation reschedule(InstitutionId institution, ReservationId reservation, SlotId slot) {
            return delegate.reschedule(institution, reservation, slot);
        }

        @Override
        public Reservation cancel(InstitutionId institution, ReservationId reservation) {
            return delegate.cancel(institution, reservation);
        }
    }
}
