package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.PolicyViolationException;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.ReservationStatus;
import dev.patientportal.core.ServiceRules;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.spi.ReservationChange;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reservations")
class ReservationBehaviourTest {
    private static final ServiceTypeId CONSULT = ServiceTypeId.of("CONSULT");
    private static final ServiceTypeId SURGERY = ServiceTypeId.of("SURGERY");
    private static final ServiceTypeId LAB = ServiceTypeId.of("LAB");

    private final InstitutionId clinic = Samples.institution();
    private final PatientId patient = Samples.patient();
    private final List<ReservationChange> vetoSaw = new CopyOnWriteArrayList<>();
    private final AtomicReference<Optional<String>> vetoAnswer = new AtomicReference<>(Optional.empty());
    private final ReservationPolicy policy = ReservationPolicy.builder()
            .bookingHorizon(Duration.ofDays(30))
            .minimumLeadTime(Duration.ofHours(2))
            .maxActiveBookings(2)
            .defaultRules(new ServiceRules(true, Duration.ofHours(48), Duration.ofHours(24)))
            .service(SURGERY, new ServiceRules(true, Duration.ofDays(7), Duration.ofHours(72)))
            .service(LAB, new ServiceRules(false, Duration.ofHours(1), Duration.ofHours(1)))
            .build();
    private TestPortal t = portal(policy);
    private Instant now = t.clock().instant();

    private TestPortal portal(ReservationPolicy p) {
        TestPortal tp = TestPortal.builder()
                .reservationPolicy(p)
                .reservationVeto(change -> {
                    vetoSaw.add(change);
                    return vetoAnswer.get();
                })
                .build();
        tp.addPatient(clinic, patient);
        tp.portal().administration(tp.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, true);
        tp.notifier().clear();
        tp.events().clear();
        return tp;
    }

    private Slot slot(ServiceTypeId service, Duration fromNow) {
        Instant start = now.plus(fromNow);
        return t.scheduling()
                .addSlot(
                        clinic,
                        new Slot(
                                SlotId.of("slot-" + UUID.randomUUID()),
                                service,
                                start,
                                start.plus(Duration.ofMinutes(30))));
    }

    private Reservation seed(ServiceTypeId service, Duration fromNow, ReservationStatus status) {
        Instant start = now.plus(fromNow);
        return t.scheduling()
                .addReservation(new Reservation(
                        ReservationId.of("res-" + UUID.randomUUID()),
                        clinic,
                        patient,
                        service,
                        SlotId.of("slot-" + UUID.randomUUID()),
                        start,
                        start.plus(Duration.ofMinutes(30)),
                        status));
    }

    private PatientView me() {
        return t.patientView(clinic, patient);
    }

    private static String key() {
        return "req-" + UUID.randomUUID();
    }

    private static void assertRule(Throwable thrown, String rule) {
        assertThat(thrown)
                .isInstanceOfSatisfying(
                        PolicyViolationException.class,
                        e -> assertThat(e.rule()).isEqualTo(rule));
    }

    @Test
    @DisplayName("active reservations are booked and not yet ended, soonest first; everything else is history, "
            + "latest first")
    void activeAndHistorySplit() {
        Reservation tomorrow = seed(CONSULT, Duration.ofDays(1), ReservationStatus.BOOKED);
        Reservation nextWeek = seed(CONSULT, Duration.ofDays(7), ReservationStatus.BOOKED);
        Reservation ongoing = seed(CONSULT, Duration.ofMinutes(-10), ReservationStatus.BOOKED);
        Reservation endedBooked = seed(CONSULT, Duration.ofDays(-2), ReservationStatus.BOOKED);
        Reservation cancelledFuture = seed(CONSULT, Duration.ofDays(3), ReservationStatus.CANCELLED);
        Reservation completed = seed(CONSULT, Duration.ofDays(-1), ReservationStatus.COMPLETED);
        Reservation noShow = seed(CONSULT, Duration.ofDays(-5), ReservationStatus.NO_SHOW);

        PatientView me = me();
        assertThat(me.reservations()).containsExactly(ongoing, tomorrow, nextWeek);
        assertThat(me.history()).containsExactly(cancelledFuture, completed, endedBooked, noShow);

        t.clock().advance(Duration.ofDays(2));
        assertThat(me.reservations()).containsExactly(nextWeek);
        assertThat(me.history()).containsExactly(cancelledFuture, tomorrow, ongoing, completed, endedBooked, noShow);
        assertThat(t.audit().events(AuditActions.PATIENT_RESERVATIONS_LIST)).hasSize(2);
        assertThat(t.audit().events(AuditActions.PATIENT_HISTORY_LIST)).hasSize(2);
    }

    @Test
    @DisplayName("booking reserves the slot, and is audited, notified with its start and published")
    void book_auditedNotifiedPublished() {
        Slot s = slot(CONSULT, Duration.ofDays(2));

        Reservation r = me().book(s.id(), key());

        assertThat(r.status()).isEqualTo(ReservationStatus.BOOKED);
        assertThat(r.patient()).isEqualTo(patient);
        assertThat(r.slot()).isEqualTo(s.id());
        assertThat(t.scheduling().isFree(clinic, s.id())).isFalse();
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
                    assertThat(e.targetId()).isEqualTo(r.id().value());
                });
        assertThat(t.notifier().intents()).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo(NotificationIntent.Type.RESERVATION_BOOKED);
            assertThat(i.subjectId()).isEqualTo(r.id().value());
            assertThat(i.smsEnabled()).isTrue();
            assertThat(i.attributes())
                    .containsEntry(NotificationIntent.STARTS_AT, s.start().toString());
        });
        assertThat(t.events().events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(PortalEvent.Type.RESERVATION_BOOKED);
            assertThat(e.subjectId()).isEqualTo(r.id().value());
        });
        assertThat(vetoSaw).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ReservationChange.Kind.BOOK);
            assertThat(c.patient()).isEqualTo(patient);
            assertThat(c.target()).isEqualTo(s);
            assertThat(c.current()).isNull();
        });
    }

    @Test
    @DisplayName("retrying a booking with the same idempotency key returns the same reservation and books nothing more")
    void book_retrySameKey_sameReservation() {
        Slot s = slot(CONSULT, Duration.ofDays(2));
        Slot other = slot(CONSULT, Duration.ofDays(3));
        String key = key();
        Reservation first = me().book(s.id(), key);

        assertThat(me().book(s.id(), key)).isEqualTo(first);
        assertThat(me().book(other.id(), key)).isEqualTo(first);

        assertThat(t.scheduling().reservations(clinic, patient)).containsExactly(first);
        assertThat(t.scheduling().isFree(clinic, other.id())).isTrue();
        assertThat(t.notifier().intents()).hasSize(1);
        assertThat(t.events().events()).hasSize(1);
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK))
                .hasSize(3)
                .filteredOn(e -> "true".equals(e.details().get("replayed")))
                .hasSize(2);
    }

    @Test
    @DisplayName("a slot taken between the portal's check and the booking is a conflict, and nothing is notified")
    void book_slotTakenConcurrently_conflict() {
        Slot s = slot(CONSULT, Duration.ofDays(2));
        PatientId rival = Samples.patient();
        TestPortal sneaky = sneakyPortal(s, rival);

        assertThatThrownBy(() -> sneaky.patientView(clinic, patient).book(s.id(), key()))
                .isInstanceOf(ConflictException.class);
        assertThat(sneaky.scheduling().reservations(clinic, patient)).isEmpty();
        assertThat(sneaky.scheduling().reservations(clinic, rival)).hasSize(1);
        assertThat(sneaky.notifier().intents()).isEmpty();
        assertThat(sneaky.events().events()).isEmpty();
        assertThat(sneaky.audit().events(AuditActions.RESERVATION_BOOK))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("error", "conflict"));
    }

    /** A portal whose veto hook books the slot for a rival: the hook runs after the portal saw the slot free. */
    private TestPortal sneakyPortal(Slot s, PatientId rival) {
        AtomicReference<TestPortal> self = new AtomicReference<>();
        TestPortal tp = TestPortal.builder()
                .reservationVeto(change -> {
                    self.get().scheduling().book(clinic, rival, s.id(), "rival-key");
                    return Optional.empty();
                })
                .build();
        self.set(tp);
        tp.addPatient(clinic, patient);
        tp.portal().administration(tp.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        tp.scheduling().addSlot(clinic, s);
        tp.notifier().clear();
        tp.events().clear();
        return tp;
    }

    @Test
    @DisplayName("booking a slot another patient already holds is a conflict")
    void book_takenSlot_conflict() {
        Slot s = slot(CONSULT, Duration.ofDays(2));
        t.scheduling().book(clinic, Samples.patient(), s.id(), "rival-key");

        assertThatThrownBy(() -> me().book(s.id(), key())).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("booking a slot that does not exist is not found")
    void book_unknownSlot_notFound() {
        assertThatThrownBy(() -> me().book(SlotId.of("no-such-slot"), key())).isInstanceOf(NotFoundException.class);
        assertThat(t.scheduling().reservations(clinic, patient)).isEmpty();
    }

    @Test
    @DisplayName("a slot sooner than the minimum lead time, or beyond the horizon, cannot be booked or listed")
    void book_leadTimeAndHorizon() {
        Slot tooSoon = slot(CONSULT, Duration.ofMinutes(90));
        Slot tooFar = slot(CONSULT, Duration.ofDays(31));
        Slot justRight = slot(CONSULT, Duration.ofHours(2));

        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().book(tooSoon.id(), key())),
                "reservation.lead-time");
        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().book(tooFar.id(), key())),
                "reservation.horizon");
        assertThat(me().availableSlots(SlotQuery.of(null, now, now.plus(Duration.ofDays(60)))))
                .containsExactly(justRight);
        assertThat(t.scheduling().isFree(clinic, tooSoon.id())).isTrue();
        assertThat(t.scheduling().isFree(clinic, tooFar.id())).isTrue();
        assertThat(me().book(justRight.id(), key()).status()).isEqualTo(ReservationStatus.BOOKED);
    }

    @Test
    @DisplayName("at most the maximum of active bookings; past reservations do not count, and cancelling frees one")
    void book_maxActiveBookings() {
        seed(CONSULT, Duration.ofDays(-3), ReservationStatus.BOOKED);
        Reservation first = me().book(slot(CONSULT, Duration.ofDays(3)).id(), key());
        me().book(slot(CONSULT, Duration.ofDays(4)).id(), key());
        Slot third = slot(CONSULT, Duration.ofDays(5));

        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().book(third.id(), key())),
                "reservation.max-active");
        assertThat(t.scheduling().isFree(clinic, third.id())).isTrue();

        me().cancel(first.id());
        assertThat(me().book(third.id(), key()).slot()).isEqualTo(third.id());
    }

    @Test
    @DisplayName("a service with self-booking off can be neither booked nor listed")
    void book_selfBookingOff() {
        Slot lab = slot(LAB, Duration.ofDays(2));
        Slot consult = slot(CONSULT, Duration.ofDays(2));

        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().book(lab.id(), key())),
                "reservation.self-booking-off");
        assertThat(me().availableSlots(SlotQuery.of(null, now, now.plus(Duration.ofDays(10)))))
                .containsExactly(consult);
        assertThat(me().availableSlots(SlotQuery.of(LAB, now, now.plus(Duration.ofDays(10)))))
                .isEmpty();
    }

    @Test
    @DisplayName("availableSlots fills the limit with bookable slots even when earlier slots are not self-bookable")
    void availableSlots_limitCountsOnlyBookableSlots() {
        slot(LAB, Duration.ofDays(1));
        slot(LAB, Duration.ofDays(1).plusHours(1));
        Slot a = slot(CONSULT, Duration.ofDays(2));
        Slot b = slot(CONSULT, Duration.ofDays(3));

        assertThat(me().availableSlots(new SlotQuery(null, now, now.plus(Duration.ofDays(10)), 2)))
                .containsExactly(a, b);
    }

    @Test
    @DisplayName("availableSlots lists free slots earliest first, filtered by service, within the window")
    void availableSlots_earliestFirstFiltered() {
        Slot later = slot(CONSULT, Duration.ofDays(4));
        Slot surgery = slot(SURGERY, Duration.ofDays(3));
        Slot sooner = slot(CONSULT, Duration.ofDays(2));
        Slot taken = slot(CONSULT, Duration.ofDays(5));
        t.scheduling().book(clinic, Samples.patient(), taken.id(), "k");

        assertThat(me().availableSlots(SlotQuery.of(null, now, now.plus(Duration.ofDays(10)))))
                .containsExactly(sooner, surgery, later);
        assertThat(me().availableSlots(SlotQuery.of(CONSULT, now, now.plus(Duration.ofDays(10)))))
                .containsExactly(sooner, later);
        assertThat(me().availableSlots(SlotQuery.of(null, now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(4)))))
                .containsExactly(surgery);
    }

    @Test
    @DisplayName("cancel is allowed until the service's cancel notice, then refused (per service type)")
    void cancel_noticePerService() {
        Reservation consult = me().book(slot(CONSULT, Duration.ofHours(30)).id(), key());
        Reservation surgery = me().book(slot(SURGERY, Duration.ofHours(30)).id(), key());

        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().cancel(surgery.id())),
                "reservation.cancel-notice");
        t.clock().advance(Duration.ofHours(7));
        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().cancel(consult.id())),
                "reservation.cancel-notice");
        t.clock().advance(Duration.ofHours(-1));

        Reservation cancelled = me().cancel(consult.id());

        assertThat(cancelled.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(t.scheduling().isFree(clinic, consult.slot())).isTrue();
        assertThat(t.scheduling()
                        .reservation(clinic, surgery.id())
                        .orElseThrow()
                        .status())
                .isEqualTo(ReservationStatus.BOOKED);
        assertThat(t.notifier().intents(NotificationIntent.Type.RESERVATION_CANCELLED))
                .singleElement()
                .satisfies(i -> assertThat(i.subjectId()).isEqualTo(consult.id().value()));
        assertThat(t.events().events(PortalEvent.Type.RESERVATION_CANCELLED)).hasSize(1);
        assertThat(t.audit().events(AuditActions.RESERVATION_CANCEL))
                .extracting(AuditEvent::outcome)
                .containsExactly(AuditEvent.Outcome.DENIED, AuditEvent.Outcome.DENIED, AuditEvent.Outcome.SUCCESS);
    }

    @Test
    @DisplayName("a notice-period refusal states the period as configured, in minutes when it is minutes")
    void notice_refusalStatesConfiguredPeriod() {
        t = portal(ReservationPolicy.builder()
                .minimumLeadTime(Duration.ZERO)
                .defaultRules(new ServiceRules(true, Duration.ofMinutes(90), Duration.ofMinutes(30)))
                .build());
        Reservation soon = seed(CONSULT, Duration.ofMinutes(20), ReservationStatus.BOOKED);
        Slot later = slot(CONSULT, Duration.ofDays(1));

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> me().cancel(soon.id())))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("30 minutes")
                .hasMessageNotContaining("0 hours");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> me().reschedule(soon.id(), later.id())))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("1 hour 30 minutes");
    }

    @Test
    @DisplayName("by default a patient may cancel a front-desk booking of a service that cannot be self-booked")
    void cancel_frontDeskBookingOfNonSelfBookableService_allowedByDefault() {
        Reservation lab = seed(LAB, Duration.ofDays(3), ReservationStatus.BOOKED);

        assertThat(me().cancel(lab.id()).status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(t.notifier().intents(NotificationIntent.Type.RESERVATION_CANCELLED))
                .hasSize(1);
    }

    @Test
    @DisplayName("with selfCancel off for a service, its reservations cannot be cancelled in the portal; others can")
    void cancel_selfCancelOff_refused() {
        t = portal(ReservationPolicy.builder()
                .service(LAB, new ServiceRules(false, Duration.ofHours(1), Duration.ofHours(1)).withSelfCancel(false))
                .build());
        Reservation lab = seed(LAB, Duration.ofDays(3), ReservationStatus.BOOKED);
        Reservation consult = seed(CONSULT, Duration.ofDays(3), ReservationStatus.BOOKED);
        vetoSaw.clear();

        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().cancel(lab.id())),
                "reservation.self-cancel-off");

        assertThat(t.scheduling().reservation(clinic, lab.id())).contains(lab);
        assertThat(vetoSaw).isEmpty();
        assertThat(t.notifier().intents()).isEmpty();
        assertThat(t.events().events()).isEmpty();
        assertThat(t.audit().events(AuditActions.RESERVATION_CANCEL))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
                    assertThat(e.details()).containsEntry("error", "policy:reservation.self-cancel-off");
                });
        assertThat(me().cancel(consult.id()).status()).isEqualTo(ReservationStatus.CANCELLED);
    }

    @Test
    @DisplayName("the veto hook is asked about reschedules, with the current reservation and the target slot")
    void hostVeto_askedAboutReschedules() {
        Reservation r = me().book(slot(CONSULT, Duration.ofDays(5)).id(), key());
        Slot target = slot(CONSULT, Duration.ofDays(6));
        vetoSaw.clear();

        me().reschedule(r.id(), target.id());

        assertThat(vetoSaw).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ReservationChange.Kind.RESCHEDULE);
            assertThat(c.current()).isEqualTo(r);
            assertThat(c.target()).isEqualTo(target);
        });
    }

    @Test
    @DisplayName("reschedule is allowed until the modify notice, moves to the new slot and frees the old one")
    void reschedule_noticeAndMove() {
        Reservation r = me().book(slot(CONSULT, Duration.ofHours(50)).id(), key());
        Slot target = slot(CONSULT, Duration.ofDays(6));
        Slot other = slot(CONSULT, Duration.ofDays(7));

        Reservation moved = me().reschedule(r.id(), target.id());

        assertThat(moved.id()).isEqualTo(r.id());
        assertThat(moved.slot()).isEqualTo(target.id());
        assertThat(moved.start()).isEqualTo(target.start());
        assertThat(t.scheduling().isFree(clinic, r.slot())).isTrue();
        assertThat(t.notifier().intents(NotificationIntent.Type.RESERVATION_CHANGED))
                .singleElement()
                .satisfies(i -> assertThat(i.attributes())
                        .containsEntry(
                                NotificationIntent.STARTS_AT, target.start().toString()));
        assertThat(t.events().events(PortalEvent.Type.RESERVATION_RESCHEDULED)).hasSize(1);

        t.clock().set(target.start().minus(Duration.ofHours(47)));
        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().reschedule(r.id(), other.id())),
                "reservation.modify-notice");
        assertThat(t.scheduling().reservation(clinic, r.id())).contains(moved);
    }

    @Test
    @DisplayName("reschedule to a slot of another service violates a policy")
    void reschedule_otherService_refused() {
        Reservation r = me().book(slot(CONSULT, Duration.ofDays(3)).id(), key());
        Slot surgery = slot(SURGERY, Duration.ofDays(20));

        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().reschedule(r.id(), surgery.id())),
                "reservation.other-service");
        assertThat(t.scheduling().reservation(clinic, r.id())).contains(r);
    }

    @Test
    @DisplayName("a reservation in the history can be neither cancelled nor rescheduled")
    void historyReservation_notChangeable() {
        Reservation past = seed(CONSULT, Duration.ofDays(-2), ReservationStatus.COMPLETED);

        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me().cancel(past.id())), "reservation.not-active");
        assertThat(t.scheduling().reservation(clinic, past.id())).contains(past);
    }

    @Test
    @DisplayName("view-only mode lists reservations but refuses booking, rescheduling and cancelling")
    void viewOnly_refusesChanges() {
        t = portal(ReservationPolicy.builder().viewOnly(true).build());
        Reservation r = seed(CONSULT, Duration.ofDays(5), ReservationStatus.BOOKED);
        Slot free = slot(CONSULT, Duration.ofDays(6));
        PatientView me = me();

        assertThat(me.reservations()).containsExactly(r);
        assertThat(me.availableSlots(SlotQuery.of(null, now, now.plus(Duration.ofDays(10)))))
                .isEmpty();
        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me.book(free.id(), key())),
                "reservation.view-only");
        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me.reschedule(r.id(), free.id())),
                "reservation.view-only");
        assertRule(org.assertj.core.api.Assertions.catchThrowable(() -> me.cancel(r.id())), "reservation.view-only");
        assertThat(t.scheduling().reservation(clinic, r.id())).contains(r);
        assertThat(t.scheduling().isFree(clinic, free.id())).isTrue();
        assertThat(t.notifier().intents()).isEmpty();
    }

    @Test
    @DisplayName("a host veto refuses with rule host-veto:<code> and nothing changes")
    void hostVeto_refuses() {
        Reservation r = me().book(slot(CONSULT, Duration.ofDays(5)).id(), key());
        Slot free = slot(CONSULT, Duration.ofDays(6));
        t.notifier().clear();
        t.events().clear();
        vetoSaw.clear();
        vetoAnswer.set(Optional.of("unpaid-invoice"));
        PatientView me = me();

        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me.book(free.id(), key())),
                "host-veto:unpaid-invoice");
        assertRule(
                org.assertj.core.api.Assertions.catchThrowable(() -> me.reschedule(r.id(), free.id())),
                "host-veto:unpaid-invoice");
        assertRule(org.assertj.core.api.Assertions.catchThrowable(() -> me.cancel(r.id())), "host-veto:unpaid-invoice");

        assertThat(vetoSaw)
                .extracting(ReservationChange::kind)
                .containsExactly(
                        ReservationChange.Kind.BOOK, ReservationChange.Kind.RESCHEDULE, ReservationChange.Kind.CANCEL);
        assertThat(vetoSaw.get(1).current()).isEqualTo(r);
        assertThat(vetoSaw.get(2).target()).isNull();
        assertThat(t.scheduling().reservation(clinic, r.id())).contains(r);
        assertThat(t.scheduling().isFree(clinic, free.id())).isTrue();
        assertThat(t.notifier().intents()).isEmpty();
        assertThat(t.events().events()).isEmpty();
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK))
                .last()
                .satisfies(e -> assertThat(e.details()).containsEntry("error", "policy:host-veto:unpaid-invoice"));
    }
}
