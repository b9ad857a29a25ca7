package dev.patientportal.core.internal;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.PolicyViolationException;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.ServiceRules;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.spi.BookingOutcome;
import dev.patientportal.core.spi.ReservationChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient's reservations, for {@link DefaultPatientView}: listing them, free slots, booking, rescheduling and
 * cancelling under the {@link ReservationPolicy} and the host's veto. Every call runs the view's session and grant check
 * first; every id is checked to be the patient's.
 */
final class PatientReservations extends Operations {
    private static final Logger LOG = LoggerFactory.getLogger(PatientReservations.class);
    private static final int MAX_SLOT_ROUNDS = 10;
    private final DefaultPatientView view;
    private final PatientSession session;

    PatientReservations(
            PortalContext ctx, PatientSession session, @Nullable String clientAddress, DefaultPatientView view) {
        super(ctx, session.institution(), Actor.patient(session.patient()), clientAddress);
        this.session = session;
        this.view = view;
    }

    @Override
    void beforeEach(Unit unit) {
        view.beforeEach(unit);
    }

    List<Reservation> reservations() {
        return execute(AuditActions.PATIENT_RESERVATIONS_LIST, session.patient(), null, unit -> {
            Instant now = ctx.now();
            List<Reservation> active = own().stream()
                    .filter(r -> r.isActiveAt(now))
                    .sorted(Comparator.comparing(Reservation::start))
                    .toList();
            success(
                    AuditActions.PATIENT_RESERVATIONS_LIST,
                    session.patient(),
                    null,
                    Map.of("count", Integer.toString(active.size())));
            return active;
        });
    }

    List<Reservation> history() {
        return execute(AuditActions.PATIENT_HISTORY_LIST, session.patient(), null, unit -> {
            Instant now = ctx.now();
            List<Reservation> past = own().stream()
                    .filter(r -> !r.isActiveAt(now))
                    .sorted(Comparator.comparing(Reservation::start).reversed())
                    .toList();
            success(
                    AuditActions.PATIENT_HISTORY_LIST,
                    session.patient(),
                    null,
                    Map.of("count", Integer.toString(past.size())));
            return past;
        });
    }

    List<Slot> availableSlots(SlotQuery query) {
        Objects.requireNonNull(query, "query");
        return execute(AuditActions.PATIENT_SLOTS_LIST, session.patient(), null, unit -> {
            ReservationPolicy policy = ctx.reservationPolicy();
            Instant now = ctx.now();
            Instant from = max(query.from(), now.plus(policy.minimumLeadTime()));
            Instant to = min(query.to(), now.plus(policy.bookingHorizon()));
            List<Slot> slots;
            if (policy.viewOnly()
                    || !to.isAfter(from)
                    || (query.serviceType() != null
                            && !policy.rulesFor(query.serviceType()).selfBooking())) {
                slots = List.of();
            } else {
                slots = bookableSlots(policy, query.serviceType(), from, to, query.limit());
            }
            success(
                    AuditActions.PATIENT_SLOTS_LIST,
                    session.patient(),
                    null,
                    Map.of("count", Integer.toString(slots.size())));
            return slots;
        });
    }

    Reservation book(SlotId slotId, String idempotencyKey) {
        Objects.requireNonNull(slotId, "slot");
        Checks.identifier("idempotencyKey", idempotencyKey);
        return execute(AuditActions.RESERVATION_BOOK, session.patient(), slotId.value(), unit -> {
            ReservationPolicy policy = ctx.reservationPolicy();
            requireChangesAllowed(policy);
            var earlier = ctx.scheduling()
                    .findByIdempotencyKey(institution, session.patient(), idempotencyKey)
                    .filter(this::isOwn);
            if (earlier.isPresent()) {
                success(
                        AuditActions.RESERVATION_BOOK,
                        session.patient(),
                        earlier.get().id().value(),
                        Map.of("replayed", "true"));
                return earlier.get();
            }
            Slot slot = freeSlot(slotId);
            ServiceRules rules = policy.rulesFor(slot.serviceType());
            if (!rules.selfBooking()) {
                throw new PolicyViolationException(
                        "reservation.self-booking-off", "This service cannot be booked in the portal");
            }
            checkWindow(policy, slot);
            long active = own().stream().filter(r -> r.isActiveAt(ctx.now())).count();
            if (active >= policy.maxActiveBookings()) {
                throw new PolicyViolationException(
                        "reservation.max-active",
                        "At most " + policy.maxActiveBookings() + " active reservations are allowed");
            }
            veto(new ReservationChange(ReservationChange.Kind.BOOK, institution, session.patient(), null, slot));
            BookingOutcome outcome =
                    ctx.scheduling().bookWithOutcome(institution, session.patient(), slotId, idempotencyKey);
            Reservation reservation = outcome.reservation();
            if (!isOwn(reservation)) {
                // A gateway that matches keys without the patient, against its contract; never confirm it to anyone.
                LOG.warn(
                        "The scheduling gateway answered a booking in institution {} with a reservation of another "
                                + "patient or institution; refused as not found",
                        institution);
                throw new NotFoundException("No such slot");
            }
            if (outcome.origin() == BookingOutcome.Origin.FOUND
                    || !ctx.confirmations().claim(institution, reservation.id())) {
                // Another call with this key made (and confirmed) it: a replay confirms nothing again.
                success(
                        AuditActions.RESERVATION_BOOK,
                        session.patient(),
                        reservation.id().value(),
                        Map.of("replayed", "true"));
                return reservation;
            }
            changed(
                    unit,
                    AuditActions.RESERVATION_BOOK,
                    reservation,
                    NotificationIntent.Type.RESERVATION_BOOKED,
                    PortalEvent.Type.RESERVATION_BOOKED);
            return reservation;
        });
    }

    Reservation reschedule(ReservationId reservationId, SlotId slotId) {
        Objects.requireNonNull(reservationId, "reservation");
        Objects.requireNonNull(slotId, "slot");
        return execute(AuditActions.RESERVATION_RESCHEDULE, session.patient(), reservationId.value(), unit -> {
            ReservationPolicy policy = ctx.reservationPolicy();
            Reservation current = ownActive(reservationId);
            requireChangesAllowed(policy);
            ServiceRules rules = policy.rulesFor(current.serviceType());
            requireNotice(current, rules.modifyNotice(), "reservation.modify-notice", "rescheduled");
            Slot slot = freeSlot(slotId);
            if (!slot.serviceType().equals(current.serviceType())) {
                throw new PolicyViolationException(
                        "reservation.other-service", "A reservation can only move to a slot of the same service");
            }
            checkWindow(policy, slot);
            veto(new ReservationChange(
                    ReservationChange.Kind.RESCHEDULE, institution, session.patient(), current, slot));
            Reservation moved = ctx.scheduling().reschedule(institution, reservationId, slotId);
            changed(
                    unit,
                    AuditActions.RESERVATION_RESCHEDULE,
                    moved,
                    NotificationIntent.Type.RESERVATION_CHANGED,
                    PortalEvent.Type.RESERVATION_RESCHEDULED);
            return moved;
        });
    }

    Reservation cancel(ReservationId reservationId) {
        Objects.requireNonNull(reservationId, "reservation");
        return execute(AuditActions.RESERVATION_CANCEL, session.patient(), reservationId.value(), unit -> {
            ReservationPolicy policy = ctx.reservationPolicy();
            Reservation current = ownActive(reservationId);
            requireChangesAllowed(policy);
            ServiceRules rules = policy.rulesFor(current.serviceType());
            if (!rules.selfCancel()) {
                throw new PolicyViolationException(
                        "reservation.self-cancel-off", "This service cannot be cancelled in the portal");
            }
            requireNotice(current, rules.cancelNotice(), "reservation.cancel-notice", "cancelled");
            veto(new ReservationChange(ReservationChange.Kind.CANCEL, institution, session.patient(), current, null));
            Reservation cancelled = ctx.scheduling().cancel(institution, reservationId);
            changed(
                    unit,
                    AuditActions.RESERVATION_CANCEL,
                    cancelled,
                    NotificationIntent.Type.RESERVATION_CANCELLED,
                    PortalEvent.Type.RESERVATION_CANCELLED);
            return cancelled;
        });
    }

    /**
     * Asks the scheduling system page by page, since slots of services that cannot be self-booked are dropped after
     * the fact and must not leave the patient's page short.
     */
    private List<Slot> bookableSlots(
            ReservationPolicy policy, @Nullable ServiceTypeId service, Instant from, Instant to, int limit) {
        java.util.LinkedHashMap<SlotId, Slot> found = new java.util.LinkedHashMap<>();
        Instant cursor = from;
        for (int round = 0; round < MAX_SLOT_ROUNDS && found.size() < limit && cursor.isBefore(to); round++) {
            List<Slot> page = ctx.scheduling().availableSlots(institution, new SlotQuery(service, cursor, to, limit));
            for (Slot s : page) {
                if (found.size() < limit
                        && policy.rulesFor(s.serviceType()).selfBooking()
                        && !s.start().isBefore(from)
                        && s.start().isBefore(to)
                        && (service == null || s.serviceType().equals(service))) {
                    found.putIfAbsent(s.id(), s);
                }
            }
            if (page.size() < limit) {
                break;
            }
            Instant last = page.stream()
                    .map(Slot::start)
                    .max(Comparator.naturalOrder())
                    .orElse(to);
            // Move past the last start; slots starting at the very same instant were on this page or are skipped.
            cursor = last.plusNanos(1);
        }
        return found.values().stream().sorted(Comparator.comparing(Slot::start)).toList();
    }

    private void changed(
            Unit unit, String action, Reservation r, NotificationIntent.Type notification, PortalEvent.Type eventType) {
        // The grant the call already read, when it read one; otherwise the resolver checked it, and only the SMS
        // setting is read here.
        AccessGrant read = unit.grant;
        boolean sms = read != null
                ? read.smsNotifications()
                : ctx.stores()
                        .grants()
                        .find(institution, session.patient())
                        .map(g -> g.isActive() && g.smsNotifications())
                        .orElse(false);
        ctx.notifier()
                .submit(new NotificationIntent(
                        UUID.randomUUID(),
                        notification,
                        institution,
                        session.patient(),
                        r.id().value(),
                        sms,
                        ctx.now(),
                        Map.of(NotificationIntent.STARTS_AT, r.start().toString())));
        success(
                action,
                session.patient(),
                r.id().value(),
                Map.of("status", r.status().name()));
        event(unit, eventType, session.patient(), r.id().value());
    }

    private Slot freeSlot(SlotId slotId) {
        return ctx.scheduling()
                .slot(institution, slotId)
                .orElseThrow(() -> ctx.scheduling().isTaken(institution, slotId)
                        ? new dev.patientportal.core.ConflictException("The slot is already taken")
                        : new NotFoundException("No such slot"));
    }

    private List<Reservation> own() {
        return ctx.scheduling().reservations(institution, session.patient()).stream()
                .filter(this::isOwn)
                .toList();
    }

    private boolean isOwn(Reservation r) {
        return r.institution().equals(institution) && r.patient().equals(session.patient());
    }

    /** The patient's own active reservation; a foreign or unknown id is "not found". */
    private Reservation ownActive(ReservationId id) {
        Reservation r = ctx.scheduling()
                .reservation(institution, id)
                .filter(this::isOwn)
                .orElseThrow(() -> new NotFoundException("No such reservation"));
        if (!r.isActiveAt(ctx.now())) {
            throw new PolicyViolationException("reservation.not-active", "The reservation is no longer active");
        }
        return r;
    }

    private void requireChangesAllowed(ReservationPolicy policy) {
        if (policy.viewOnly()) {
            throw new PolicyViolationException("reservation.view-only", "Reservations are view-only in this portal");
        }
    }

    private void requireNotice(Reservation r, Duration notice, String rule, String verb) {
        if (ctx.now().plus(notice).isAfter(r.start())) {
            throw new PolicyViolationException(
                    rule,
                    "The reservation can no longer be " + verb + " in the portal (" + "notice needed: "
                            + Durations.describe(notice) + ")");
        }
    }

    private void checkWindow(ReservationPolicy policy, Slot slot) {
        Instant now = ctx.now();
        if (slot.start().isBefore(now.plus(policy.minimumLeadTime()))) {
            throw new PolicyViolationException("reservation.lead-time", "The slot starts too soon to book");
        }
        if (!slot.start().isBefore(now.plus(policy.bookingHorizon()))) {
            throw new PolicyViolationException("reservation.horizon", "The slot is too far ahead to book");
        }
    }

    private void veto(ReservationChange change) {
        ctx.veto().check(change).ifPresent(code -> {
            throw new PolicyViolationException("host-veto:" + code, "The clinic does not allow this change");
        });
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
