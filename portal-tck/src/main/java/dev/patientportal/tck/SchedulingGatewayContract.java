package dev.patientportal.tck;

import static dev.patientportal.tck.Fresh.present;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationStatus;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.spi.BookingOutcome;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SchedulingGateway} must do: list free slots earliest first within a window, book a free slot once
 * (a taken slot is a conflict, an unknown one not found), honour idempotency keys per patient, reschedule and cancel
 * atomically, freeing the old slot, say whether {@link SchedulingGateway#bookWithOutcome} created or found the
 * reservation (exactly one {@code CREATED} among calls racing with one key), and stay correct when many threads book at
 * once.
 */
public abstract class SchedulingGatewayContract extends SpiContract<SchedulingGateway> {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final Duration LENGTH = Duration.ofMinutes(30);

    private final InstitutionId institution = Fresh.institution();
    private final ServiceTypeId consult = ServiceTypeId.of("CONSULT");
    private final ServiceTypeId xray = ServiceTypeId.of("XRAY");

    /** For subclasses. */
    protected SchedulingGatewayContract() {}

    /**
     * Adds a free slot to the scheduling system behind the gateway, as the clinic would; called through
     * {@link #inUnitOfWork(Supplier)}.
     *
     * @param gateway the gateway from {@link #subject()}
     * @param institution the institution
     * @param serviceType the service
     * @param start when it starts
     * @param end when it ends
     * @return the slot, with the id the scheduling system gave it
     */
    protected abstract Slot addSlot(
            SchedulingGateway gateway,
            InstitutionId institution,
            ServiceTypeId serviceType,
            Instant start,
            Instant end);

    private SchedulingGateway gateway() {
        return underTest();
    }

    private Slot slot(ServiceTypeId service, Instant start) {
        return inUnitOfWork(() -> addSlot(gateway(), institution, service, start, start.plus(LENGTH)));
    }

    private Slot slot(Instant start) {
        return slot(consult, start);
    }

    private Reservation book(PatientId patient, Slot slot, String key) {
        return inUnitOfWork(() -> gateway().book(institution, patient, slot.id(), key));
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    private SlotQuery window(Instant from, Instant to) {
        return new SlotQuery(null, from, to, 500);
    }

    @Nested
    @DisplayName("slots")
    class Slots {
        @Test
        @DisplayName("a free slot is found by id; an unknown id or another institution finds nothing")
        void slot_free_isFound() {
            Slot s = slot(T0);

            assertThat(inUnitOfWork(() -> gateway().slot(institution, s.id()))).contains(s);
            assertThat(inUnitOfWork(() -> gateway().slot(institution, SlotId.of("no-such-" + UUID.randomUUID()))))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> gateway().slot(Fresh.institution(), s.id())))
                    .isEmpty();
        }

        @Test
        @DisplayName("availableSlots lists free slots starting in [from, to), earliest first, of the service, up to "
                + "the limit")
        void availableSlots_filtersWindowServiceAndLimit() {
            Slot late = slot(T0.plus(Duration.ofHours(3)));
            Slot early = slot(T0.plus(Duration.ofHours(1)));
            Slot atFrom = slot(T0);
            Slot atTo = slot(T0.plus(Duration.ofHours(4)));
            Slot before = slot(T0.minus(Duration.ofHours(1)));
            Slot xrayMid = slot(xray, T0.plus(Duration.ofHours(2)));
            Instant to = T0.plus(Duration.ofHours(4));

            assertThat(inUnitOfWork(() -> gateway().availableSlots(institution, window(T0, to))))
                    .containsExactly(atFrom, early, xrayMid, late)
                    .doesNotContain(atTo, before);
            assertThat(inUnitOfWork(() -> gateway().availableSlots(institution, new SlotQuery(consult, T0, to, 500))))
                    .containsExactly(atFrom, early, late);
            assertThat(inUnitOfWork(() -> gateway().availableSlots(institution, new SlotQuery(null, T0, to, 2))))
                    .containsExactly(atFrom, early);
            assertThat(inUnitOfWork(() -> gateway().availableSlots(Fresh.institution(), window(T0, to))))
                    .isEmpty();
        }
    }

    @Nested
    @DisplayName("booking")
    class Booking {
        @Test
        @DisplayName("booking a free slot makes a BOOKED reservation of the slot; the slot is no longer free")
        void book_freeSlot_reservesIt() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            Slot other = slot(T0.plus(Duration.ofDays(2)));
            PatientId patient = Fresh.patient();

            Reservation r = book(patient, s, key());

            assertThat(r.institution()).isEqualTo(institution);
            assertThat(r.patient()).isEqualTo(patient);
            assertThat(r.slot()).isEqualTo(s.id());
            assertThat(r.serviceType()).isEqualTo(s.serviceType());
            assertThat(r.start()).isEqualTo(s.start());
            assertThat(r.end()).isEqualTo(s.end());
            assertThat(r.status()).isEqualTo(ReservationStatus.BOOKED);
            assertThat(inUnitOfWork(() -> gateway().reservation(institution, r.id())))
                    .contains(r);
            assertThat(inUnitOfWork(() -> gateway().reservations(institution, patient)))
                    .containsExactly(r);
            assertThat(inUnitOfWork(() -> gateway().slot(institution, s.id()))).isEmpty();
            assertThat(inUnitOfWork(() ->
                            gateway().availableSlots(institution, window(T0, T0.plus(Duration.ofDays(3))))))
                    .containsExactly(other);
        }

        @Test
        @DisplayName("booking a taken slot is a conflict; booking an unknown slot is not found; neither books anything")
        void book_takenOrUnknownSlot_refused() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            Reservation first = book(Fresh.patient(), s, key());
            PatientId second = Fresh.patient();

            assertThatThrownBy(() -> book(second, s, key())).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> inUnitOfWork(() ->
                            gateway().book(institution, second, SlotId.of("no-such-" + UUID.randomUUID()), key())))
                    .isInstanceOf(NotFoundException.class);
            assertThat(inUnitOfWork(() -> gateway().reservations(institution, second)))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> gateway().reservation(institution, first.id())))
                    .contains(first);
        }

        @Test
        @DisplayName("booking again with the same patient and key returns the first reservation and books nothing more")
        void book_sameKeyAgain_returnsFirstReservation() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            Slot other = slot(T0.plus(Duration.ofDays(2)));
            PatientId patient = Fresh.patient();
            String key = key();
            Reservation first = book(patient, s, key);

            assertThat(book(patient, s, key)).isEqualTo(first);
            assertThat(book(patient, other, key)).isEqualTo(first);
            assertThat(inUnitOfWork(() -> gateway().reservations(institution, patient)))
                    .containsExactly(first);
            assertThat(inUnitOfWork(() -> gateway().slot(institution, other.id())))
                    .contains(other);
            assertThat(inUnitOfWork(() -> gateway().findByIdempotencyKey(institution, patient, key)))
                    .contains(first);
        }

        @Test
        @DisplayName("an idempotency key belongs to one patient: another patient's same key books anew and finds "
                + "nothing")
        void idempotencyKey_isPerPatient() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            Slot other = slot(T0.plus(Duration.ofDays(2)));
            PatientId alice = Fresh.patient();
            PatientId bob = Fresh.patient();
            String key = key();
            Reservation first = book(alice, s, key);

            assertThat(inUnitOfWork(() -> gateway().findByIdempotencyKey(institution, bob, key)))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> gateway().findByIdempotencyKey(institution, alice, key())))
                    .isEmpty();
            assertThatThrownBy(() -> book(bob, s, key)).isInstanceOf(ConflictException.class);
            Reservation bobs = book(bob, other, key);

            assertThat(bobs.id()).isNotEqualTo(first.id());
            assertThat(bobs.patient()).isEqualTo(bob);
            assertThat(inUnitOfWork(() -> gateway().reservations(institution, alice)))
                    .containsExactly(first);
        }
    }

    @Nested
    @DisplayName("rescheduling and cancelling")
    class ReschedulingAndCancelling {
        @Test
        @DisplayName("reschedule moves the reservation to the new slot and frees the old one")
        void reschedule_movesAndFreesOldSlot() {
            Slot from = slot(T0.plus(Duration.ofDays(1)));
            Slot to = slot(xray, T0.plus(Duration.ofDays(2)));
            PatientId patient = Fresh.patient();
            Reservation r = book(patient, from, key());

            Reservation moved = inUnitOfWork(() -> gateway().reschedule(institution, r.id(), to.id()));

            assertThat(moved.id()).isEqualTo(r.id());
            assertThat(moved.patient()).isEqualTo(patient);
            assertThat(moved.slot()).isEqualTo(to.id());
            assertThat(moved.start()).isEqualTo(to.start());
            assertThat(moved.end()).isEqualTo(to.end());
            assertThat(moved.status()).isEqualTo(ReservationStatus.BOOKED);
            assertThat(inUnitOfWork(() -> gateway().reservation(institution, r.id())))
                    .contains(moved);
            assertThat(inUnitOfWork(() -> gateway().slot(institution, from.id())))
                    .contains(from);
            assertThat(inUnitOfWork(() -> gateway().slot(institution, to.id()))).isEmpty();
        }

        @Test
        @DisplayName("reschedule to a taken slot is a conflict and changes nothing")
        void reschedule_takenSlot_conflicts() {
            Slot mine = slot(T0.plus(Duration.ofDays(1)));
            Slot theirs = slot(T0.plus(Duration.ofDays(2)));
            Reservation r = book(Fresh.patient(), mine, key());
            Reservation other = book(Fresh.patient(), theirs, key());

            assertThatThrownBy(() -> inUnitOfWork(() -> gateway().reschedule(institution, r.id(), theirs.id())))
                    .isInstanceOf(ConflictException.class);
            assertThat(inUnitOfWork(() -> gateway().reservation(institution, r.id())))
                    .contains(r);
            assertThat(inUnitOfWork(() -> gateway().reservation(institution, other.id())))
                    .contains(other);
            assertThat(inUnitOfWork(() -> gateway().slot(institution, mine.id())))
                    .isEmpty();
        }

        @Test
        @DisplayName("reschedule of an unknown reservation, or to an unknown slot, is not found")
        void reschedule_unknown_notFound() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            Slot free = slot(T0.plus(Duration.ofDays(2)));
            Reservation r = book(Fresh.patient(), s, key());

            assertThatThrownBy(() -> inUnitOfWork(() -> gateway()
                            .reschedule(institution, ReservationId.of("no-such-" + UUID.randomUUID()), free.id())))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> inUnitOfWork(
                            () -> gateway().reschedule(institution, r.id(), SlotId.of("no-such-" + UUID.randomUUID()))))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> inUnitOfWork(() -> gateway().reschedule(Fresh.institution(), r.id(), free.id())))
                    .isInstanceOf(NotFoundException.class);
            assertThat(inUnitOfWork(() -> gateway().reservation(institution, r.id())))
                    .contains(r);
        }

        @Test
        @DisplayName("cancel makes the reservation CANCELLED and frees its slot; cancelling again is a conflict")
        void cancel_freesSlot() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            PatientId patient = Fresh.patient();
            Reservation r = book(patient, s, key());

            Reservation cancelled = inUnitOfWork(() -> gateway().cancel(institution, r.id()));

            assertThat(cancelled.id()).isEqualTo(r.id());
            assertThat(cancelled.status()).isEqualTo(ReservationStatus.CANCELLED);
            assertThat(cancelled.slot()).isEqualTo(s.id());
            assertThat(inUnitOfWork(() -> gateway().reservation(institution, r.id())))
                    .contains(cancelled);
            assertThat(inUnitOfWork(() -> gateway().reservations(institution, patient)))
                    .containsExactly(cancelled);
            assertThat(inUnitOfWork(() -> gateway().slot(institution, s.id()))).contains(s);
            assertThatThrownBy(() -> inUnitOfWork(() -> gateway().cancel(institution, r.id())))
                    .isInstanceOf(ConflictException.class);
            assertThat(book(Fresh.patient(), s, key()).status()).isEqualTo(ReservationStatus.BOOKED);
        }

        @Test
        @DisplayName("cancel of an unknown reservation, or through another institution, is not found")
        void cancel_unknown_notFound() {
            Reservation r = book(Fresh.patient(), slot(T0.plus(Duration.ofDays(1))), key());

            assertThatThrownBy(() -> inUnitOfWork(
                            () -> gateway().cancel(institution, ReservationId.of("no-such-" + UUID.randomUUID()))))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> inUnitOfWork(() -> gateway().cancel(Fresh.institution(), r.id())))
                    .isInstanceOf(NotFoundException.class);
            assertThat(inUnitOfWork(() -> gateway().reservation(institution, r.id())))
                    .contains(r);
            assertThat(inUnitOfWork(() -> gateway().reservation(Fresh.institution(), r.id())))
                    .isEmpty();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("20 patients booking one slot at once: exactly one reservation, 19 ConflictExceptions")
        void book_concurrentOneSlot_exactlyOneReservation() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            List<PatientId> patients = Stream.generate(Fresh::patient).limit(20).toList();

            List<Race.Outcome<Reservation>> outcomes = Race.run(20, i -> () -> book(patients.get(i), s, key()));

            assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure))
                    .hasSize(19)
                    .allSatisfy(f -> assertThat(f).isInstanceOf(ConflictException.class));
            long reservations = patients.stream()
                    .mapToLong(p -> inUnitOfWork(() -> gateway().reservations(institution, p))
                            .size())
                    .sum();
            assertThat(reservations).isEqualTo(1);
        }

        @Test
        @DisplayName("one patient sending the same idempotency key from 20 threads at once gets one reservation")
        void book_concurrentSameKey_oneReservation() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            PatientId patient = Fresh.patient();
            String key = key();

            List<Race.Outcome<Reservation>> outcomes = Race.run(20, i -> () -> book(patient, s, key));

            List<Reservation> booked = inUnitOfWork(() -> gateway().reservations(institution, patient));
            assertThat(booked).hasSize(1);
            assertThat(outcomes).allSatisfy(o -> {
                if (o.succeeded()) {
                    assertThat(o.result()).isEqualTo(booked.get(0));
                } else {
                    assertThat(o.failure()).isInstanceOf(ConflictException.class);
                }
            });
            assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).isNotEmpty();
        }

        @Test
        @DisplayName("the same idempotency key racing for 20 different slots books exactly one of them")
        void book_concurrentSameKeyDifferentSlots_oneReservation() {
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                slots.add(slot(T0.plus(Duration.ofDays(1)).plus(LENGTH.multipliedBy(i))));
            }
            PatientId patient = Fresh.patient();
            String key = key();

            List<Race.Outcome<Reservation>> outcomes = Race.run(20, i -> () -> book(patient, slots.get(i), key));

            List<Reservation> booked = inUnitOfWork(() -> gateway().reservations(institution, patient));
            assertThat(booked).hasSize(1);
            Set<ReservationId> returned = outcomes.stream()
                    .filter(Race.Outcome::succeeded)
                    .map(o -> present(o.result()).id())
                    .collect(Collectors.toSet());
            assertThat(returned).containsExactly(booked.get(0).id());
            assertThat(inUnitOfWork(() ->
                            gateway().availableSlots(institution, window(T0, T0.plus(Duration.ofDays(2))))))
                    .hasSize(19);
        }

        @Test
        @DisplayName("20 reservations rescheduling into one free slot at once: exactly one moves, the rest keep "
                + "their slot")
        void reschedule_concurrentIntoOneSlot_exactlyOneMoves() {
            Slot target = slot(T0.plus(Duration.ofDays(5)));
            List<Reservation> reservations = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                reservations.add(
                        book(Fresh.patient(), slot(T0.plus(Duration.ofDays(1)).plus(LENGTH.multipliedBy(i))), key()));
            }

            List<Race.Outcome<Reservation>> outcomes = Race.run(
                    20,
                    i -> () -> inUnitOfWork(() -> gateway()
                            .reschedule(institution, reservations.get(i).id(), target.id())));

            assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure))
                    .allSatisfy(f -> assertThat(f).isInstanceOf(ConflictException.class));
            long inTarget = reservations.stream()
                    .map(r -> inUnitOfWork(() -> gateway().reservation(institution, r.id()))
                            .orElseThrow())
                    .filter(r -> r.slot().equals(target.id()))
                    .count();
            assertThat(inTarget).isEqualTo(1);
            assertThat(inUnitOfWork(() ->
                            gateway().availableSlots(institution, window(T0, T0.plus(Duration.ofDays(6))))))
                    .hasSize(1);
        }
    }

    @Nested
    @DisplayName("booking outcomes")
    class BookingOutcomes {
        private BookingOutcome bookWithOutcome(PatientId patient, Slot slot, String key) {
            return inUnitOfWork(() -> gateway().bookWithOutcome(institution, patient, slot.id(), key));
        }

        @Test
        @DisplayName("bookWithOutcome says CREATED on the first call, FOUND with the same reservation on every replay")
        void bookWithOutcome_createdThenFound() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            Slot other = slot(T0.plus(Duration.ofDays(2)));
            PatientId patient = Fresh.patient();
            String key = key();

            BookingOutcome first = bookWithOutcome(patient, s, key);

            assertThat(first.origin()).isEqualTo(BookingOutcome.Origin.CREATED);
            assertThat(first.reservation().patient()).isEqualTo(patient);
            assertThat(first.reservation().institution()).isEqualTo(institution);
            assertThat(first.reservation().slot()).isEqualTo(s.id());
            assertThat(bookWithOutcome(patient, s, key)).isEqualTo(BookingOutcome.found(first.reservation()));
            assertThat(bookWithOutcome(patient, other, key)).isEqualTo(BookingOutcome.found(first.reservation()));
            assertThat(book(patient, s, key)).isEqualTo(first.reservation());
            assertThat(inUnitOfWork(() -> gateway().reservations(institution, patient)))
                    .containsExactly(first.reservation());
            assertThat(inUnitOfWork(() -> gateway().slot(institution, other.id())))
                    .contains(other);
        }

        @Test
        @DisplayName("an idempotency key is per patient: another patient's same key creates their own reservation")
        void bookWithOutcome_keyPerPatient() {
            String key = key();
            BookingOutcome alices = bookWithOutcome(Fresh.patient(), slot(T0.plus(Duration.ofDays(1))), key);
            PatientId bob = Fresh.patient();

            BookingOutcome bobs = bookWithOutcome(bob, slot(T0.plus(Duration.ofDays(2))), key);

            assertThat(bobs.origin()).isEqualTo(BookingOutcome.Origin.CREATED);
            assertThat(bobs.reservation().patient()).isEqualTo(bob);
            assertThat(bobs.reservation().id())
                    .isNotEqualTo(alices.reservation().id());
        }

        @Test
        @DisplayName("bookWithOutcome on a taken slot is a conflict, on an unknown slot not found")
        void bookWithOutcome_takenOrUnknown() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            bookWithOutcome(Fresh.patient(), s, key());

            assertThatThrownBy(() -> bookWithOutcome(Fresh.patient(), s, key())).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> inUnitOfWork(() -> gateway()
                            .bookWithOutcome(
                                    institution, Fresh.patient(), SlotId.of("no-such-" + UUID.randomUUID()), key())))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("20 threads with one key and one slot: exactly one CREATED, the rest FOUND or a conflict, all "
                + "with the one reservation")
        void bookWithOutcome_raceSameKey_exactlyOneCreated() {
            Slot s = slot(T0.plus(Duration.ofDays(1)));
            PatientId patient = Fresh.patient();
            String key = key();

            List<Race.Outcome<BookingOutcome>> outcomes = Race.run(20, i -> () -> bookWithOutcome(patient, s, key));

            List<Reservation> booked = inUnitOfWork(() -> gateway().reservations(institution, patient));
            assertThat(booked).hasSize(1);
            assertThat(outcomes.stream()
                            .filter(Race.Outcome::succeeded)
                            .filter(o -> present(o.result()).origin() == BookingOutcome.Origin.CREATED))
                    .hasSize(1);
            assertThat(outcomes).allSatisfy(o -> {
                if (o.succeeded()) {
                    assertThat(present(o.result()).origin())
                            .isIn(BookingOutcome.Origin.CREATED, BookingOutcome.Origin.FOUND);
                    assertThat(present(o.result()).reservation()).isEqualTo(booked.get(0));
                } else {
                    assertThat(o.failure()).isInstanceOf(ConflictException.class);
                }
            });
        }

        @Test
        @DisplayName("one key racing for 20 different slots: exactly one CREATED")
        void bookWithOutcome_raceSameKeyDifferentSlots_exactlyOneCreated() {
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                slots.add(slot(T0.plus(Duration.ofDays(1)).plus(LENGTH.multipliedBy(i))));
            }
            PatientId patient = Fresh.patient();
            String key = key();

            List<Race.Outcome<BookingOutcome>> outcomes =
                    Race.run(20, i -> () -> bookWithOutcome(patient, slots.get(i), key));

            List<Reservation> booked = inUnitOfWork(() -> gateway().reservations(institution, patient));
            assertThat(booked).hasSize(1);
            assertThat(outcomes)
                    .filteredOn(o -> !o.succeeded())
                    .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(ConflictException.class));
            List<BookingOutcome> answers = outcomes.stream()
                    .filter(Race.Outcome::succeeded)
                    .map(Race.Outcome::result)
                    .toList();
            assertThat(answers)
                    .filteredOn(o -> o.origin() == BookingOutcome.Origin.CREATED)
                    .hasSize(1);
            assertThat(answers).allSatisfy(o -> assertThat(o.reservation()).isEqualTo(booked.get(0)));
        }
    }
}
