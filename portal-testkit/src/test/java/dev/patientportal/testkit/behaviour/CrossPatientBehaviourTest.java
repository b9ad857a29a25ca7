package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A patient presenting another patient's ids (same institution, or the same patient id in another institution) gets
 * {@link NotFoundException}, exactly as for an id that does not exist, and nothing changes.
 */
@DisplayName("Cross-patient isolation")
class CrossPatientBehaviourTest {
    private static final ServiceTypeId CONSULT = ServiceTypeId.of("CONSULT");

    private final TestPortal t = TestPortal.create();
    private final InstitutionId clinic = Samples.institution();
    private final InstitutionId otherClinic = Samples.institution();
    private final PatientId alice = Samples.patient();
    private final PatientId bob = Samples.patient();
    private final Instant now = t.clock().instant();

    private final Document bobsDocument;
    private final Document alicesDocumentElsewhere;
    private final Reservation bobsReservation;
    private final Reservation alicesReservationElsewhere;
    private final Slot freeSlot;
    private final String bobsKey = "bob-" + UUID.randomUUID();
    private final PatientView alicesView;

    CrossPatientBehaviourTest() {
        for (InstitutionId inst : List.of(clinic, otherClinic)) {
            for (PatientId p : List.of(alice, bob)) {
                t.addPatient(inst, p);
                t.portal().administration(t.staff(inst)).grant(p, AccessMethod.TAJ_AND_PHONE, false);
            }
        }
        bobsDocument = publish(clinic, bob);
        alicesDocumentElsewhere = publish(otherClinic, alice);
        bobsReservation = t.portal()
                .patient(t.sessions().open(clinic, bob))
                .book(slot(clinic, Duration.ofDays(3)).id(), bobsKey);
        alicesReservationElsewhere = t.portal()
                .patient(t.sessions().open(otherClinic, alice))
                .book(slot(otherClinic, Duration.ofDays(4)).id(), "alice-elsewhere");
        freeSlot = slot(clinic, Duration.ofDays(5));
        alicesView = t.patientView(clinic, alice);
        t.notifier().clear();
        t.events().clear();
        t.audit().clear();
    }

    private Document publish(InstitutionId inst, PatientId p) {
        return t.portal()
                .documents(t.staff(inst))
                .publish(DocumentUpload.builder(p, DocumentType.of("LAB_RESULT"))
                        .fileName("result.pdf")
                        .content(Samples.PDF)
                        .patientAccess(true)
                        .build());
    }

    private Slot slot(InstitutionId inst, Duration fromNow) {
        Instant start = now.plus(fromNow);
        return t.scheduling()
                .addSlot(
                        inst,
                        new Slot(
                                SlotId.of("slot-" + UUID.randomUUID()),
                                CONSULT,
                                start,
                                start.plus(Duration.ofMinutes(30))));
    }

    private void assertNotFoundAndNothingChanged(ThrowingCallable call, String action) {
        List<Document> documents = t.documents().all();
        List<Reservation> reservations = t.scheduling().allReservations(clinic);
        List<Reservation> elsewhere = t.scheduling().allReservations(otherClinic);

        assertThatThrownBy(call).isInstanceOf(NotFoundException.class);

        assertThat(t.documents().all()).containsExactlyInAnyOrderElementsOf(documents);
        assertThat(t.scheduling().allReservations(clinic)).containsExactlyInAnyOrderElementsOf(reservations);
        assertThat(t.scheduling().allReservations(otherClinic)).containsExactlyInAnyOrderElementsOf(elsewhere);
        assertThat(t.scheduling().isFree(clinic, freeSlot.id())).isTrue();
        assertThat(t.notifier().intents()).isEmpty();
        assertThat(t.events().events()).isEmpty();
        assertThat(t.audit().events(action)).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
            assertThat(e.patient()).isEqualTo(alice);
            assertThat(e.details()).containsEntry("error", "not-found");
        });
    }

    @Test
    @DisplayName("document(id) of another patient, or of the same patient id in another institution, is not found")
    void document_foreign_notFound() {
        assertNotFoundAndNothingChanged(
                () -> alicesView.document(bobsDocument.id()), AuditActions.PATIENT_DOCUMENT_OPEN);
        assertNotFoundAndNothingChanged(
                () -> alicesView.document(alicesDocumentElsewhere.id()), AuditActions.PATIENT_DOCUMENT_OPEN);
    }

    @Test
    @DisplayName("openDocument(id) of another patient or institution is not found")
    void openDocument_foreign_notFound() {
        assertNotFoundAndNothingChanged(
                () -> alicesView.openDocument(bobsDocument.id()), AuditActions.PATIENT_DOCUMENT_OPEN);
        assertNotFoundAndNothingChanged(
                () -> alicesView.openDocument(alicesDocumentElsewhere.id()), AuditActions.PATIENT_DOCUMENT_OPEN);
    }

    @Test
    @DisplayName("lists and counts never include another patient's or institution's documents")
    void listAndCount_ownOnly() {
        assertThat(alicesView.documents(DocumentFilter.firstPage()).items()).isEmpty();
        assertThat(alicesView.countDocuments(null)).isZero();
        Document own = publish(clinic, alice);

        assertThat(alicesView.documents(DocumentFilter.firstPage()).items()).containsExactly(own);
        assertThat(alicesView.countDocuments(null)).isEqualTo(1);
    }

    @Test
    @DisplayName("reschedule of another patient's or institution's reservation is not found")
    void reschedule_foreign_notFound() {
        assertNotFoundAndNothingChanged(
                () -> alicesView.reschedule(bobsReservation.id(), freeSlot.id()), AuditActions.RESERVATION_RESCHEDULE);
        assertNotFoundAndNothingChanged(
                () -> alicesView.reschedule(alicesReservationElsewhere.id(), freeSlot.id()),
                AuditActions.RESERVATION_RESCHEDULE);
    }

    @Test
    @DisplayName("cancel of another patient's or institution's reservation is not found")
    void cancel_foreign_notFound() {
        assertNotFoundAndNothingChanged(() -> alicesView.cancel(bobsReservation.id()), AuditActions.RESERVATION_CANCEL);
        assertNotFoundAndNothingChanged(
                () -> alicesView.cancel(alicesReservationElsewhere.id()), AuditActions.RESERVATION_CANCEL);
    }

    @Test
    @DisplayName("booking another patient's slot with that patient's idempotency key is a conflict, not a replay")
    void book_foreignKeyAndSlot_conflictNotReplay() {
        List<Reservation> reservations = t.scheduling().allReservations(clinic);
        assertThatThrownBy(() -> alicesView.book(bobsReservation.slot(), bobsKey))
                .isInstanceOf(dev.patientportal.core.ConflictException.class);
        assertThat(t.scheduling().allReservations(clinic)).containsExactlyInAnyOrderElementsOf(reservations);
        assertThat(t.notifier().intents()).isEmpty();
    }

    @Test
    @DisplayName("another patient's idempotency key books a new reservation of one's own and leaves theirs alone")
    void book_foreignKeyOnFreeSlot_booksOwn() {
        Reservation mine = alicesView.book(freeSlot.id(), bobsKey);

        assertThat(mine.patient()).isEqualTo(alice);
        assertThat(mine.id()).isNotEqualTo(bobsReservation.id());
        assertThat(t.scheduling().reservation(clinic, bobsReservation.id())).contains(bobsReservation);
        assertThat(t.scheduling().reservations(clinic, bob)).containsExactly(bobsReservation);
    }

    @Test
    @DisplayName("reservations and history never include another patient's or institution's reservations")
    void reservations_ownOnly() {
        assertThat(alicesView.reservations()).isEmpty();
        assertThat(alicesView.history()).isEmpty();
    }

    @Test
    @DisplayName("a session of one institution shows the profile of that institution's record only")
    void profile_ownRecord() {
        assertThat(alicesView.profile())
                .isEqualTo(t.patients().find(clinic, alice).orElseThrow());
        assertThat(alicesView.profile())
                .isNotEqualTo(t.patients().find(otherClinic, alice).orElseThrow());
    }
}
