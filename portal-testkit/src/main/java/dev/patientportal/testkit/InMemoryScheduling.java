package dev.patientportal.testkit;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationStatus;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.spi.BookingOutcome;
import dev.patientportal.core.spi.SchedulingGateway;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A host's scheduling system held in memory: slots the test adds with {@link #addSlot}, reservations booked through the
 * portal or seeded with {@link #addReservation}. A slot is free unless a {@code BOOKED} reservation occupies it.
 *
 * <p>Thread-safe: every operation runs under one lock, so booking, rescheduling and cancelling are atomic with respect
 * to the slots and the idempotency keys.
 *
 * <pre>{@code
 * InMemoryScheduling scheduling = new InMemoryScheduling();
 * scheduling.addSlot(institution, new Slot(SlotId.of("s-1"), ServiceTypeId.of("CONSULT"), start, start.plusSeconds(1800)));
 * }</pre>
 */
public final class InMemoryScheduling implements SchedulingGateway {
    private static final Comparator<Slot> EARLIEST_FIRST =
            Comparator.comparing(Slot::start).thenComparing(s -> s.id().value());

    private final Map<Keys.SlotKey, Slot> slots = new HashMap<>();
    /** Which reservation occupies a slot; absent means free. */
    private final Map<Keys.SlotKey, ReservationId> occupiedBy = new HashMap<>();

    private final Map<Keys.ReservationKey, Reservation> reservations = new HashMap<>();
    private final Map<Keys.Idempotency, ReservationId> idempotencyKeys = new HashMap<>();

    /** Creates a scheduling system with no slots and no reservations. */
    public InMemoryScheduling() {}

    /**
     * Adds a free slot, or replaces a slot's times and service.
     *
     * @param institution the institution
     * @param slot the slot
     * @return the slot, for chaining in tests
     */
    public synchronized Slot addSlot(InstitutionId institution, Slot slot) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(slot, "slot");
        slots.put(new Keys.SlotKey(institution, slot.id()), slot);
        return slot;
    }

    /**
     * Seeds a reservation, for example past appointments for a patient's history. A {@code BOOKED} reservation occupies
     * its slot; when the slot is unknown it is added from the reservation's service and times, so cancelling the
     * reservation frees it.
     *
     * @param reservation the reservation
     * @return the reservation, for chaining in tests
     * @throws IllegalArgumentException when the id exists, or a {@code BOOKED} reservation's slot is occupied
     */
    public synchronized Reservation addReservation(Reservation reservation) {
        Objects.requireNonNull(reservation, "reservation");
        Keys.ReservationKey key = new Keys.ReservationKey(reservation.institution(), reservation.id());
        if (reservations.containsKey(key)) {
            throw new IllegalArgumentException("reservation id exists");
        }
        if (reservation.status() == ReservationStatus.BOOKED) {
            Keys.SlotKey slotKey = new Keys.SlotKey(reservation.institution(), reservation.slot());
            if (occupiedBy.containsKey(slotKey)) {
                throw new IllegalArgumentException("the slot is occupied");
            }
            slots.putIfAbsent(
                    slotKey,
                    new Slot(reservation.slot(), reservation.serviceType(), reservation.start(), reservation.end()));
            occupiedBy.put(slotKey, reservation.id());
        }
        reservations.put(key, reservation);
        return reservation;
    }

    /**
     * Changes a reservation's status as the clinic would (for example to {@code COMPLETED} or {@code NO_SHOW}), freeing
     * its slot when it leaves {@code BOOKED}.
     *
     * @param institution the institution
     * @param id the reservation
     * @param status the new status; not {@code BOOKED}
     * @return the changed reservation
     * @throws NotFoundException when there is no such reservation
     */
    public synchronized Reservation setStatus(InstitutionId institution, ReservationId id, ReservationStatus status) {
        Objects.requireNonNull(status, "status");
        if (status == ReservationStatus.BOOKED) {
            throw new IllegalArgumentException("use book to occupy a slot");
        }
        Reservation current = existing(institution, id);
        if (current.status() == ReservationStatus.BOOKED) {
            occupiedBy.remove(new Keys.SlotKey(institution, current.slot()));
        }
        Reservation changed = withStatus(current, status);
        reservations.put(new Keys.ReservationKey(institution, id), changed);
        return changed;
    }

    /**
     * Tells whether a slot exists and is free.
     *
     * @param institution the institution
     * @param id the slot
     * @return {@code true} when it can be booked
     */
    public synchronized boolean isFree(InstitutionId institution, SlotId id) {
        Keys.SlotKey key = new Keys.SlotKey(institution, id);
        return slots.containsKey(key) && !occupiedBy.containsKey(key);
    }

    /**
     * Returns every reservation of an institution, for assertions.
     *
     * @param institution the institution
     * @return a snapshot, in no particular order
     */
    public synchronized List<Reservation> allReservations(InstitutionId institution) {
        Objects.requireNonNull(institution, "institution");
        return reservations.values().stream()
                .filter(r -> r.institution().equals(institution))
                .toList();
    }

    @Override
    public synchronized List<Reservation> reservations(InstitutionId institution, PatientId patient) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        return reservations.values().stream()
                .filter(r -> r.institution().equals(institution) && r.patient().equals(patient))
                .toList();
    }

    @Override
    public synchronized Optional<Reservation> reservation(InstitutionId institution, ReservationId id) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(reservations.get(new Keys.ReservationKey(institution, id)));
    }

    @Override
    public synchronized List<Slot> availableSlots(InstitutionId institution, SlotQuery query) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(query, "query");
        return slots.entrySet().stream()
                .filter(e -> e.getKey().institution().equals(institution) && !occupiedBy.containsKey(e.getKey()))
                .map(Map.Entry::getValue)
                .filter(s -> query.serviceType() == null || s.serviceType().equals(query.serviceType()))
                .filter(s -> !s.start().isBefore(query.from()) && s.start().isBefore(query.to()))
                .sorted(EARLIEST_FIRST)
                .limit(query.limit())
                .toList();
    }

    @Override
    public synchronized Optional<Slot> slot(InstitutionId institution, SlotId id) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(id, "id");
        Keys.SlotKey key = new Keys.SlotKey(institution, id);
        return occupiedBy.containsKey(key) ? Optional.empty() : Optional.ofNullable(slots.get(key));
    }

    @Override
    public synchronized boolean isTaken(InstitutionId institution, SlotId id) {
        Keys.SlotKey key = new Keys.SlotKey(institution, id);
        return slots.containsKey(key) && occupiedBy.containsKey(key);
    }

    @Override
    public synchronized Optional<Reservation> findByIdempotencyKey(
            InstitutionId institution, PatientId patient, String idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        ReservationId id = idempotencyKeys.get(new Keys.Idempotency(institution, patient, idempotencyKey));
        return id == null
                ? Optional.empty()
                : Optional.ofNullable(reservations.get(new Keys.ReservationKey(institution, id)));
    }

    @Override
    public synchronized Reservation book(
            InstitutionId institution, PatientId patient, SlotId slotId, String idempotencyKey) {
        return bookWithOutcome(institution, patient, slotId, idempotencyKey).reservation();
    }

    /**
     * Books a free slot, or finds the reservation this patient's idempotency key already made, in one step under the
     * lock: of calls racing with one key exactly one answers {@link BookingOutcome.Origin#CREATED}.
     *
     * @param institution the institution
     * @param patient the patient
     * @param slotId the slot
     * @param idempotencyKey the key
     * @return the reservation, {@code CREATED} or {@code FOUND}
     * @throws NotFoundException when there is no such slot
     * @throws ConflictException when the slot is taken
     */
    @Override
    public synchronized BookingOutcome bookWithOutcome(
            InstitutionId institution, PatientId patient, SlotId slotId, String idempotencyKey) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(slotId, "slot");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Keys.Idempotency idem = new Keys.Idempotency(institution, patient, idempotencyKey);
        ReservationId earlier = idempotencyKeys.get(idem);
        if (earlier != null) {
            return BookingOutcome.found(Objects.requireNonNull(
                    reservations.get(new Keys.ReservationKey(institution, earlier)), "reservation of a known key"));
        }
        Keys.SlotKey slotKey = new Keys.SlotKey(institution, slotId);
        Slot slot = slots.get(slotKey);
        if (slot == null) {
            throw new NotFoundException("No such slot");
        }
        if (occupiedBy.containsKey(slotKey)) {
            throw new ConflictException("The slot is taken");
        }
        Reservation reservation = new Reservation(
                ReservationId.of("res-" + UUID.randomUUID()),
                institution,
                patient,
                slot.serviceType(),
                slot.id(),
                slot.start(),
                slot.end(),
                ReservationStatus.BOOKED);
        reservations.put(new Keys.ReservationKey(institution, reservation.id()), reservation);
        occupiedBy.put(slotKey, reservation.id());
        idempotencyKeys.put(idem, reservation.id());
        return BookingOutcome.created(reservation);
    }

    /**
     * Moves a reservation to another free slot, freeing the old one, atomically.
     *
     * @param institution the institution
     * @param reservationId the reservation
     * @param slotId the new slot
     * @return the changed reservation, with the new slot's service and times
     * @throws NotFoundException when there is no such reservation or slot
     * @throws ConflictException when the slot is taken (also when it is the reservation's own slot), or the
     *     reservation is no longer booked
     */
    @Override
    public synchronized Reservation reschedule(InstitutionId institution, ReservationId reservationId, SlotId slotId) {
        Reservation current = existing(institution, reservationId);
        Keys.SlotKey newKey = new Keys.SlotKey(institution, slotId);
        Slot slot = slots.get(newKey);
        if (slot == null) {
            throw new NotFoundException("No such slot");
        }
        if (current.status() != ReservationStatus.BOOKED) {
            throw new ConflictException("The reservation is no longer booked");
        }
        if (occupiedBy.containsKey(newKey)) {
            throw new ConflictException("The slot is taken");
        }
        occupiedBy.remove(new Keys.SlotKey(institution, current.slot()));
        occupiedBy.put(newKey, current.id());
        Reservation moved = new Reservation(
                current.id(),
                institution,
                current.patient(),
                slot.serviceType(),
                slot.id(),
                slot.start(),
                slot.end(),
                ReservationStatus.BOOKED);
        reservations.put(new Keys.ReservationKey(institution, current.id()), moved);
        return moved;
    }

    @Override
    public synchronized Reservation cancel(InstitutionId institution, ReservationId reservationId) {
        Reservation current = existing(institution, reservationId);
        if (current.status() != ReservationStatus.BOOKED) {
            throw new ConflictException("The reservation is no longer booked");
        }
        occupiedBy.remove(new Keys.SlotKey(institution, current.slot()));
        Reservation cancelled = withStatus(current, ReservationStatus.CANCELLED);
        reservations.put(new Keys.ReservationKey(institution, current.id()), cancelled);
        return cancelled;
    }

    private Reservation existing(InstitutionId institution, ReservationId id) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(id, "reservation");
        Reservation r = reservations.get(new Keys.ReservationKey(institution, id));
        if (r == null) {
            throw new NotFoundException("No such reservation");
        }
        return r;
    }

    private static Reservation withStatus(Reservation r, ReservationStatus status) {
        return new Reservation(
                r.id(), r.institution(), r.patient(), r.serviceType(), r.slot(), r.start(), r.end(), status);
    }
}
