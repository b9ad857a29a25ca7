package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The portal does not trust the reservation the scheduling system hands back: one that is not the calling patient's
 * (or not the institution's) is refused as not found and confirmed to nobody. Issue 12, defect 8.
 */
@DisplayName("A reservation the gateway returns for someone else")
class ForeignReservationBehaviourTest {
    private static final ServiceTypeId CONSULT = ServiceTypeId.of("CONSULT");

    private final InstitutionId clinic = Samples.institution();
    private final PatientId alice = Samples.patient();
    private final PatientId bob = Samples.patient();
    private final InMemoryScheduling backing = new InMemoryScheduling();

    private TestPortal portal(SchedulingGateway gateway) {
        TestPortal t =
                TestPortal.builder().customize(b -> b.scheduling(gateway)).build();
        for (PatientId p : List.of(alice, bob)) {
            t.addPatient(clinic, p);
            t.portal().administration(t.staff(clinic)).grant(p, AccessMethod.TAJ_AND_PHONE, false);
        }
        t.notifier().clear();
        t.events().clear();
        t.audit().clear();
        return t;
    }

    private Slot slot(TestPortal t, Duration fromNow) {
        Instant start = t.clock().instant().plus(fromNow);
        return backing.addSlot(
                clinic,
                new Slot(SlotId.of("slot-" + UUID.randomUUID()), CONSULT, start, start.plus(Duration.ofMinutes(30))));
    }

    @Test
    @DisplayName("a gateway that matches idempotency keys by key alone cannot hand Bob Alice's reservation")
    void keyAloneGateway_foreignReservation_notFound() {
        TestPortal t = portal(new KeyAloneScheduling(backing, r -> r));
        String key = "req-1";
        Reservation alices =
                t.patientView(clinic, alice).book(slot(t, Duration.ofDays(2)).id(), key);
        t.notifier().clear();
        t.events().clear();
        Slot bobsSlot = slot(t, Duration.ofDays(3));

        assertThatThrownBy(() -> t.patientView(clinic, bob).book(bobsSlot.id(), key))
                .isInstanceOf(NotFoundException.class)
                .hasMessageNotContaining(alices.id().value());

        assertThat(t.notifier().intents()).isEmpty();
        assertThat(t.events().events()).isEmpty();
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK)).last().satisfies(e -> {
            assertThat(e.patient()).isEqualTo(bob);
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
            assertThat(e.details()).containsEntry("error", "not-found");
            assertThat(e.targetId()).isNotEqualTo(alices.id().value());
        });
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK))
                .filteredOn(e -> bob.equals(e.patient()) && e.outcome() == AuditEvent.Outcome.SUCCESS)
                .isEmpty();
    }

    @Test
    @DisplayName("a reservation of the right patient but another institution is refused too")
    void otherInstitution_notFound() {
        InstitutionId elsewhere = Samples.institution();
        TestPortal t = portal(new KeyAloneScheduling(
                backing,
                r -> new Reservation(
                        r.id(), elsewhere, r.patient(), r.serviceType(), r.slot(), r.start(), r.end(), r.status())));
        Slot s = slot(t, Duration.ofDays(2));

        assertThatThrownBy(() -> t.patientView(clinic, alice).book(s.id(), "req-2"))
                .isInstanceOf(NotFoundException.class);

        assertThat(t.notifier().intents()).isEmpty();
        assertThat(t.events().events()).isEmpty();
        assertThat(t.audit().events(AuditActions.RESERVATION_BOOK))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("error", "not-found"));
    }

    /**
     * A scheduling system that breaks its contract: it remembers idempotency keys without the patient, and may rewrite
     * what it returns.
     */
    static final class KeyAloneScheduling implements SchedulingGateway {
        private final InMemoryScheduling delegate;
        private final UnaryOperator<Reservation> answer;
        private final Map<String, ReservationId> byKey = new ConcurrentHashMap<>();

        KeyAloneScheduling(InMemoryScheduling delegate, UnaryOperator<Reservation> answer) {
            this.delegate = delegate;
            this.answer = answer;
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
            return Optional.ofNullable(byKey.get(idempotencyKey))
                    .flatMap(id -> delegate.reservation(institution, id))
                    .map(answer);
        }

        @Override
        public synchronized Reservation book(
                InstitutionId institution, PatientId patient, SlotId slot, String idempotencyKey) {
            ReservationId earlier = byKey.get(idempotencyKey);
            if (earlier != null) {
                return answer.apply(delegate.reservation(institution, earlier).orElseThrow());
            }
            Reservation r = delegate.book(institution, patient, slot, idempotencyKey);
            byKey.put(idempotencyKey, r.id());
            return answer.apply(r);
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
