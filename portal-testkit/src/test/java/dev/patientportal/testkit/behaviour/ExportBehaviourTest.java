package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.AccessLogEntry;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentAdministration;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.ExportedDocument;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationStatus;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.testkit.TestPortal;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Data export")
class ExportBehaviourTest {
    private static final DocumentType LAB = DocumentType.of("LAB_RESULT");
    private final TestPortal t = TestPortal.create();
    private final InstitutionId clinic = Samples.institution();
    private final Staff staff = t.staff(clinic);
    private final DocumentAdministration docs = t.portal().documents(staff);
    private final PatientId patient = Samples.patient();
    private final PatientId other = PatientId.of("other-patient");
    private final Document visible;
    private final Document hidden;
    private final Document withdrawn;
    private final Document othersVisible;

    ExportBehaviourTest() {
        t.addPatient(clinic, patient);
        t.addPatient(clinic, other);
        t.portal().administration(staff).grant(patient, AccessMethod.TAJ_AND_PHONE, true);
        t.portal().administration(staff).grant(other, AccessMethod.TAJ_AND_PHONE, false);
        visible = publish(patient, "visible.pdf", true);
        hidden = publish(patient, "hidden.pdf", false);
        Document toWithdraw = publish(patient, "withdrawn.pdf", true);
        withdrawn = docs.withdraw(toWithdraw.id(), toWithdraw.version());
        othersVisible = publish(other, "others.pdf", true);
        Instant now = t.clock().instant();
        reservation(patient, "r-future", now.plus(Duration.ofDays(3)), ReservationStatus.BOOKED);
        reservation(patient, "r-past", now.minus(Duration.ofDays(3)), ReservationStatus.COMPLETED);
        reservation(other, "r-others", now.plus(Duration.ofDays(4)), ReservationStatus.BOOKED);
        // What portal-notify records about a skipped SMS, for both patients.
        notificationEvent(patient);
        notificationEvent(other);
    }

    private Document publish(PatientId who, String fileName, boolean access) {
        return docs.publish(DocumentUpload.builder(who, LAB)
                .fileName(fileName)
                .content(Samples.pdfOfSize(300 + fileName.length()))
                .patientAccess(access)
                .notifyPatient(false)
                .build());
    }

    private void reservation(PatientId who, String id, Instant start, ReservationStatus status) {
        t.scheduling()
                .addReservation(new Reservation(
                        ReservationId.of(id),
                        clinic,
                        who,
                        ServiceTypeId.of("checkup"),
                        SlotId.of("slot-" + id),
                        start,
                        start.plus(Duration.ofMinutes(30)),
                        status));
    }

    private void notificationEvent(PatientId who) {
        t.stores()
                .audit()
                .record(new AuditEvent(
                        t.clock().instant(),
                        clinic,
                        Actor.system(),
                        "notification.sms.budget-exhausted",
                        who,
                        "intent-" + who.value(),
                        AuditEvent.Outcome.DENIED,
                        null,
                        Map.of("notification", "DOCUMENT_PUBLISHED", "month", "2026-03", "segments", "1")));
    }

    private static List<String> ids(PatientRecord record) {
        return record.documents().stream().map(d -> d.document().id().value()).toList();
    }

    @Test
    @DisplayName("the patient's export holds only the visible documents, and nothing of another patient")
    void patientExport() throws Exception {
        PatientRecord record = t.patientView(clinic, patient).export();

        assertThat(record.scope()).isEqualTo(PatientRecord.Scope.PATIENT);
        assertThat(record.patient()).isEqualTo(patient);
        assertThat(ids(record)).containsExactly(visible.id().value());
        assertThat(ids(record))
                .doesNotContain(
                        hidden.id().value(),
                        withdrawn.id().value(),
                        othersVisible.id().value());
        assertThat(record.grant()).isNotNull();
        assertThat(record.grant().patient()).isEqualTo(patient);
        assertThat(record.profile())
                .isEqualTo(t.patients().find(clinic, patient).orElseThrow());
        assertThat(record.reservations()).extracting(r -> r.id().value()).containsExactly("r-future");
        assertThat(record.history()).extracting(r -> r.id().value()).containsExactly("r-past");
        assertThat(record.notifications()).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo("DOCUMENT_PUBLISHED");
            assertThat(n.channel()).isEqualTo("SMS");
            assertThat(n.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
        });
        assertThat(record.accessLog())
                .isNotEmpty()
                .allSatisfy(e ->
                        assertThat(e.kind()).isIn(AccessLogEntry.Kind.CHANGE, AccessLogEntry.Kind.DOCUMENT_PUBLISHED));
        assertThat(record.accessLog())
                .filteredOn(e -> e.targetId() != null)
                .extracting(AccessLogEntry::targetId)
                .doesNotContain(othersVisible.id().value());
        ExportedDocument only = record.documents().get(0);
        try (InputStream in = only.content().open()) {
            assertThat(Samples.sha256(in.readAllBytes())).isEqualTo(visible.sha256());
        }
    }

    @Test
    @DisplayName("the patient's export is audited once, with counts only")
    void patientExportAuditedOnce() {
        var me = t.patientView(clinic, patient);
        int before = t.audit().events().size();
        PatientRecord record = me.export();
        List<AuditEvent> after =
                t.audit().events().subList(before, t.audit().events().size());

        assertThat(after).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditActions.PATIENT_EXPORT);
            assertThat(e.patient()).isEqualTo(patient);
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
            assertThat(e.details())
                    .containsEntry("documents", "1")
                    .containsEntry("reservations", "2")
                    .containsEntry("notifications", "1")
                    .containsEntry(
                            "accessLog", Integer.toString(record.accessLog().size()));
        });
    }

    @Test
    @DisplayName("a document hidden after the export was collected is gone from the next one")
    void hiddenLater() {
        docs.setPatientAccess(visible.id(), false, false, visible.version());
        assertThat(t.patientView(clinic, patient).export().documents()).isEmpty();
    }

    @Test
    @DisplayName("staff's export holds every document of the patient, needs EXPORT_DATA and shows in the access log")
    void staffExport() {
        PatientRecord record = t.portal().exports(staff).export(patient);

        assertThat(record.scope()).isEqualTo(PatientRecord.Scope.STAFF);
        assertThat(ids(record))
                .containsExactlyInAnyOrder(
                        visible.id().value(),
                        hidden.id().value(),
                        withdrawn.id().value());
        assertThat(record.documents())
                .extracting(d -> d.document().state())
                .containsExactlyInAnyOrder(DocumentState.VISIBLE, DocumentState.HIDDEN, DocumentState.WITHDRAWN);
        assertThat(t.audit().events(AuditActions.DATA_EXPORT)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(Actor.staff(staff.id()));
            assertThat(e.patient()).isEqualTo(patient);
            assertThat(e.details()).containsEntry("documents", "3");
        });
        assertThat(t.patientView(clinic, patient).export().accessLog()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(AccessLogEntry.Kind.READ);
            assertThat(e.action()).isEqualTo(AuditActions.DATA_EXPORT);
        });
    }

    @Test
    @DisplayName("staff without EXPORT_DATA are refused, and the refusal is audited")
    void staffWithoutPermission() {
        Staff clerk = Staff.of(clinic, StaffId.of("clerk"), StaffPermission.GRANT_ACCESS, StaffPermission.VIEW_AUDIT);
        assertThatThrownBy(() -> t.portal().exports(clerk).export(patient)).isInstanceOf(AccessDeniedException.class);
        assertThat(t.audit().events(AuditActions.DATA_EXPORT))
                .singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED));
    }

    @Test
    @DisplayName("staff of another institution cannot export the patient")
    void otherInstitution() {
        Staff foreign = t.staff(InstitutionId.of("other-clinic"));
        assertThatThrownBy(() -> t.portal().exports(foreign).export(patient))
                .isInstanceOf(dev.patientportal.core.NotFoundException.class);
    }
}
