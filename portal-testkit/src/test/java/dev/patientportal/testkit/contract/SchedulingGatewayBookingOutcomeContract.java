package dev.patientportal.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.spi.BookingOutcome;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@link SchedulingGateway#bookWithOutcome} must report: {@code CREATED} on the first call with a patient's key,
 * {@code FOUND} on every replay, and exactly one {@code CREATED} among calls racing with one key.
 *
 * <p>Kept apart from {@link SchedulingGatewayContract} only while that file moves to {@code portal-tck}: the two
 * abstract methods have the same signatures, so these tests paste into it as they are (issue 12, defect 3).
 */
public abstract class SchedulingGatewayBookingOutcomeContract extends ContractSupport {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final Duration LENGTH = Duration.ofMinutes(30);
    private static final int THREADS = 20;

    /** The gateway under test, from {@link #createGateway()}. */
    protected SchedulingGateway gateway;

    private final InstitutionId institution = newInstitution();
    private final ServiceTypeId consult = ServiceTypeId.of("CONSULT");

    /** For subclasses. */
    protected SchedulingGatewayBookingOutcomeContract() {}

    /**
     * Creates the gateway under test; called before each test. It may hold data of other tests.
     *
     * @return the gateway
     */
    protected abstract SchedulingGateway createGateway();

    /**
     * Adds a free slot to the scheduling system behind the gateway; called through {@link #inTx}.
     *
     * @param gateway the gateway from {@link #createGateway()}
     * @param institution the institution
     * @param serviceType the service
     * @param start when it starts
     * @param end when it ends
     * @return the slot
     */
    protected abstract Slot addSlot(SchedulingGateway gateway, InstitutionId institution, ServiceTypeId serviceType,
            Instant start, Instant end);

    /** Creates the gateway. */
    @BeforeEach
    void createGatewayUnderTest() {
        gateway = createGateway();
    }

    private Slot slot(Instant start) {
        return inTx(() -> addSlot(gateway, institution, consult, start, start.plus(LENGTH)));
    }

    private BookingOutcome bookWithOutcome(PatientId patient, Slot slot, String key) {
        return inTx(() -> gateway.bookWithOutcome(institution, patient, slot.id(), key));
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    @Test
    @DisplayName("bookWithOutcome: CREATED on the first call, FOUND with the same reservation on every replay")
    void bookWithOutcome_createdThenFound() {
        Slot s = slot(T0.plus(Duration.ofDays(1)));
        Slot other = slot(T0.plus(Duration.ofDays(2)));
        PatientId patient = newPatient();
        String key = key();

        BookingOutcome first = bookWithOutcome(patient, s, key);

        assertThat(first.origin()).isEqualTo(BookingOutcome.Origin.CREATED);
        assertThat(first.reservation().patient()).isEqualTo(patient);
        assertThat(first.reservation().institution()).isEqualTo(institution);
        assertThat(first.reservation().slot()).isEqualTo(s.id());
        assertThat(bookWithOutcome(patient, s, key)).isEqualTo(BookingOutcome.found(first.reservation()));
        assertThat(bookWithOutcome(patient, other, key)).isEqualTo(BookingOutcome.found(first.reservation()));
        assertThat(inTx(() -> gateway.book(institution, patient, s.id(), key))).isEqualTo(first.reservation());
        assertThat(inTx(() -> gateway.reservations(institution, patient))).containsExactly(first.reservation());
        assertThat(inTx(() -> gateway.slot(institution, other.id()))).contains(other);
    }

    @Test
    @DisplayName("bookWithOutcome: a key is per patient; another patient's same key creates their own reservation")
    void bookWithOutcome_keyPerPatient() {
        String key = key();
        BookingOutcome alices = bookWithOutcome(newPatient(), slot(T0.plus(Duration.ofDays(1))), key);
        PatientId bob = newPatient();

        BookingOutcome bobs = bookWithOutcome(bob, slot(T0.plus(Duration.ofDays(2))), key);

        assertThat(bobs.origin()).isEqualTo(BookingOutcome.Origin.CREATED);
        assertThat(bobs.reservation().patient()).isEqualTo(bob);
        assertThat(bobs.reservation().id()).isNotEqualTo(alices.reservation().id());
    }

    @Test
    @DisplayName("bookWithOutcome: a taken slot is a conflict, an unknown slot not found")
    void bookWithOutcome_takenOrUnknown() {
        Slot s = slot(T0.plus(Duration.ofDays(1)));
        bookWithOutcome(newPatient(), s, key());

        assertThatThrownBy(() -> bookWithOutcome(newPatient(), s, key())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> inTx(() -> gateway.bookWithOutcome(institution, newPatient(),
                SlotId.of("no-such-" + UUID.randomUUID()), key()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("bookWithOutcome: 20 threads with one key and one slot: exactly one CREATED, the rest FOUND or a "
            + "conflict, all with the one reservation")
    void bookWithOutcome_raceSameKey_exactlyOneCreated() {
        Slot s = slot(T0.plus(Duration.ofDays(1)));
        PatientId patient = newPatient();
        String key = key();

        List<Race.Outcome<BookingOutcome>> outcomes = Race.run(THREADS, i -> () -> bookWithOutcome(patient, s, key));

        List<Reservation> booked = inTx(() -> gateway.reservations(institution, patient));
        assertThat(booked).hasSize(1);
        assertThat(outcomes.stream().filter(Race.Outcome::succeeded)
                .filter(o -> o.result().origin() == BookingOutcome.Origin.CREATED)).hasSize(1);
        assertThat(outcomes).allSatisfy(o -> {
            if (o.succeeded()) {
                assertThat(o.result().origin()).isIn(BookingOutcome.Origin.CREATED, BookingOutcome.Origin.FOUND);
                assertThat(o.result().reservation()).isEqualTo(booked.get(0));
            } else {
                assertThat(o.failure()).isInstanceOf(ConflictException.class);
            }
        });
    }

    @Test
    @DisplayName("bookWithOutcome: one key racing for 20 different slots: exactly one CREATED")
    void bookWithOutcome_raceSameKeyDifferentSlots_exactlyOneCreated() {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            slots.add(slot(T0.plus(Duration.ofDays(1)).plus(LENGTH.multipliedBy(i))));
        }
        PatientId patient = newPatient();
        String key = key();

        List<Race.Outcome<BookingOutcome>> outcomes = Race.run(THREADS,
                i -> () -> bookWithOutcome(patient, slots.get(i), key));

        List<Reservation> booked = inTx(() -> gateway.reservations(institution, patient));
        assertThat(booked).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(ConflictException.class));
        List<BookingOutcome> answers = outcomes.stream().filter(Race.Outcome::succeeded).map(Race.Outcome::result)
                .toList();
        assertThat(answers).filteredOn(o -> o.origin() == BookingOutcome.Origin.CREATED).hasSize(1);
        assertThat(answers).allSatisfy(o -> assertThat(o.reservation()).isEqualTo(booked.get(0)));
    }
}
