package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessLogEntry;
import dev.patientportal.core.AccessLogFilter;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditFilter;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.StaffDirectory;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The patient's access log")
class AccessLogBehaviourTest {
    private final InstitutionId clinic = Samples.institution();
    private final AtomicInteger directoryCalls = new AtomicInteger();
    /** Lists the doctor by name and the nurse by role; the front desk is not listed. */
    private final StaffDirectory directory = new StaffDirectory() {
        @Override
        public Optional<Listing> find(InstitutionId institution, StaffId staff) {
            directoryCalls.incrementAndGet();
            return switch (staff.value()) {
                case "doctor" -> Optional.of(new Listing("Dr. Kovács", "Cardiologist"));
                case "nurse" -> Optional.of(new Listing(null, "Nurse"));
                default -> Optional.empty();
            };
        }

        @Override
        public Optional<String> institutionName(InstitutionId institution) {
            return Optional.of("Clínica Demo");
        }
    };

    private final TestPortal t =
            TestPortal.builder().customize(b -> b.staffDirectory(directory)).build();
    private final Staff desk = Staff.of(clinic, StaffId.of("desk"), StaffPermission.GRANT_ACCESS);
    private final Staff doctor = Staff.of(clinic, StaffId.of("doctor"), StaffPermission.UPLOAD_DOCUMENTS);
    private final Staff nurse =
            Staff.of(clinic, StaffId.of("nurse"), StaffPermission.UPLOAD_DOCUMENTS, StaffPermission.VIEW_AUDIT);
    private final PatientId anna = Samples.patient();
    private final PatientId bela = Samples.patient();
    private final Document document;

    AccessLogBehaviourTest() {
        t.addPatient(clinic, anna);
        t.addPatient(clinic, bela);
        AccessGrant grant = t.portal().administration(desk).grant(anna, AccessMethod.TAJ_AND_PHONE, false);
        t.portal().administration(desk).grant(bela, AccessMethod.TAJ_AND_PHONE, false);
        step();
        document = t.portal()
                .documents(doctor)
                .publish(DocumentUpload.builder(anna, DocumentType.of("LAB"))
                        .fileName("a.pdf")
                        .content(Samples.PDF)
                        .patientAccess(false)
                        .build());
        step();
        t.portal().documents(nurse).list(anna, DocumentFilter.firstPage());
        step();
        t.portal().documents(doctor).setPatientAccess(document.id(), true, false, document.version());
        step();
        login(anna, "203.0.113.77");
        step();
        t.portal().administration(desk).setSmsNotifications(anna, true, grant.version());
        step();
        t.portal().audit(nurse).events(AuditFilter.builder().patient(anna).build());
        step();
    }

    private void step() {
        t.clock().advance(Duration.ofMinutes(5));
    }

    /** What portal-auth records for a login: a first factor, then the completing one. */
    private void login(PatientId patient, String address) {
        t.stores()
                .audit()
                .record(new AuditEvent(
                        t.clock().instant(),
                        clinic,
                        Actor.anonymous(),
                        "login.verify",
                        patient,
                        "challenge-1",
                        AuditEvent.Outcome.SUCCESS,
                        address,
                        Map.of("result", "factor-verified")));
        t.stores()
                .audit()
                .record(new AuditEvent(
                        t.clock().instant().plusSeconds(1),
                        clinic,
                        Actor.anonymous(),
                        "login.verify",
                        patient,
                        "challenge-1",
                        AuditEvent.Outcome.SUCCESS,
                        address,
                        Map.of("result", "login-complete", "session", "s-1")));
        t.stores()
                .audit()
                .record(new AuditEvent(
                        t.clock().instant().plusSeconds(2),
                        clinic,
                        Actor.anonymous(),
                        "login.verify",
                        patient,
                        "challenge-2",
                        AuditEvent.Outcome.DENIED,
                        address,
                        Map.of()));
    }

    private PatientView me() {
        return t.patientView(clinic, anna);
    }

    @Test
    @DisplayName("shows staff reads, changes, publications and logins, newest first, never a staff id")
    void showsWhoAccessed() {
        me().documents(DocumentFilter.firstPage()); // the patient's own reads are not shown
        List<AccessLogEntry> log = me().accessLog(AccessLogFilter.firstPage()).items();

        assertThat(log)
                .extracting(AccessLogEntry::action)
                .containsExactly(
                        AuditActions.AUDIT_QUERY,
                        AuditActions.ACCESS_SMS,
                        "login.verify",
                        AuditActions.DOCUMENT_VISIBILITY,
                        AuditActions.DOCUMENT_STAFF_READ,
                        AuditActions.DOCUMENT_PUBLISH,
                        AuditActions.ACCESS_GRANT);
        assertThat(log)
                .extracting(AccessLogEntry::kind)
                .containsExactly(
                        AccessLogEntry.Kind.READ,
                        AccessLogEntry.Kind.CHANGE,
                        AccessLogEntry.Kind.LOGIN,
                        AccessLogEntry.Kind.CHANGE,
                        AccessLogEntry.Kind.READ,
                        AccessLogEntry.Kind.DOCUMENT_PUBLISHED,
                        AccessLogEntry.Kind.CHANGE);
        assertThat(log.get(0).accessor())
                .isEqualTo(new AccessLogEntry.Accessor(AccessLogEntry.Accessor.Type.STAFF, "Nurse", "Nurse"));
        assertThat(log.get(1).accessor())
                .isEqualTo(new AccessLogEntry.Accessor(AccessLogEntry.Accessor.Type.CLINIC, "Clínica Demo", null));
        assertThat(log.get(3).accessor())
                .isEqualTo(
                        new AccessLogEntry.Accessor(AccessLogEntry.Accessor.Type.STAFF, "Dr. Kovács", "Cardiologist"));
        assertThat(log.get(3).targetId()).isEqualTo(document.id().value());
        assertThat(log).extracting(e -> e.accessor().name()).doesNotContain("desk", "doctor", "nurse");
        assertThat(log).filteredOn(e -> e.at().isAfter(t.clock().instant())).isEmpty();
    }

    @Test
    @DisplayName("a document the patient cannot see is never named: its publication and changes are left out, a staff"
            + " read of it shows as a read of the record; once visible, its whole history shows")
    void hiddenDocument_notRevealed() {
        Document hidden = t.portal()
                .documents(doctor)
                .publish(DocumentUpload.builder(anna, DocumentType.of("PSY"))
                        .fileName("b.pdf")
                        .content(Samples.PDF)
                        .patientAccess(false)
                        .build());
        step();
        t.portal().documents(nurse).find(hidden.id());
        step();
        long version =
                t.stores().documents().find(clinic, document.id()).orElseThrow().version();
        Document withdrawn = t.portal().documents(doctor).withdraw(document.id(), version);
        step();

        List<AccessLogEntry> log = me().accessLog(AccessLogFilter.firstPage()).items();
        assertThat(log)
                .extracting(AccessLogEntry::targetId)
                .doesNotContain(hidden.id().value(), withdrawn.id().value());
        assertThat(log.get(0)).as("the nurse's read of the hidden document").satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditActions.DOCUMENT_STAFF_READ);
            assertThat(e.kind()).isEqualTo(AccessLogEntry.Kind.READ);
            assertThat(e.targetId()).isNull();
        });
        assertThat(log)
                .extracting(AccessLogEntry::action)
                .doesNotContain(
                        AuditActions.DOCUMENT_PUBLISH,
                        AuditActions.DOCUMENT_WITHDRAW,
                        AuditActions.DOCUMENT_VISIBILITY);

        assertThat(t.portal().exports(exporter()).export(anna).accessLog())
                .as("the staff export lists every document anyway")
                .extracting(AccessLogEntry::targetId)
                .contains(hidden.id().value(), withdrawn.id().value());

        Document shown = t.portal().documents(doctor).setPatientAccess(hidden.id(), true, false, hidden.version());
        List<AccessLogEntry> after = me().accessLog(AccessLogFilter.firstPage()).items();
        assertThat(after)
                .filteredOn(e -> shown.id().value().equals(e.targetId()))
                .extracting(AccessLogEntry::action)
                .containsExactly(
                        AuditActions.DOCUMENT_VISIBILITY,
                        AuditActions.DOCUMENT_STAFF_READ,
                        AuditActions.DOCUMENT_PUBLISH);
    }

    private Staff exporter() {
        return Staff.of(clinic, StaffId.of("dpo"), StaffPermission.EXPORT_DATA);
    }

    @Test
    @DisplayName("a login shows its time and the client's /24 network, never the full address")
    void login_coarseHint() {
        AccessLogEntry login = me().accessLog(AccessLogFilter.firstPage()).items().stream()
                .filter(e -> e.kind() == AccessLogEntry.Kind.LOGIN)
                .findFirst()
                .orElseThrow();

        assertThat(login.accessor().type()).isEqualTo(AccessLogEntry.Accessor.Type.PATIENT);
        assertThat(login.clientHint()).isEqualTo("203.0.113.0/24");
        assertThat(login.targetId()).isNull();
        assertThat(login.toString()).doesNotContain("203.0.113.77");
    }

    @Test
    @DisplayName("another patient's accesses never appear")
    void onlyOwn() {
        t.portal().administration(desk).find(bela);
        login(bela, "198.51.100.1");

        assertThat(me().accessLog(AccessLogFilter.firstPage()).items())
                .hasSize(7)
                .noneMatch(e -> "198.51.100.0/24".equals(e.clientHint()));
        assertThat(t.patientView(clinic, bela)
                        .accessLog(AccessLogFilter.firstPage())
                        .items())
                .extracting(AccessLogEntry::action)
                .containsExactly("login.verify", AuditActions.ACCESS_READ, AuditActions.ACCESS_GRANT);
    }

    @Test
    @DisplayName("pages of two walk the log once; each page read is audited once; the directory is asked per page")
    void paging_auditedPerPage() {
        for (int i = 0; i < 5; i++) {
            login(anna, "203.0.113.9"); // each adds two verification steps that are not shown
            step();
        }
        PatientView me = me();
        int before = t.audit().events(AuditActions.PATIENT_ACCESS_LOG_READ).size();
        List<AccessLogEntry> all = new ArrayList<>();
        Page<AccessLogEntry> page = me.accessLog(AccessLogFilter.firstPage().withLimit(2));
        all.addAll(page.items());
        int pages = 1;
        while (page.nextCursor() != null) {
            page = me.accessLog(AccessLogFilter.firstPage().withLimit(2).after(page.nextCursor()));
            all.addAll(page.items());
            pages++;
        }

        assertThat(all).hasSize(12);
        assertThat(all).isSortedAccordingTo((a, b) -> b.at().compareTo(a.at()));
        assertThat(all.stream().filter(e -> e.kind() == AccessLogEntry.Kind.LOGIN))
                .hasSize(6);
        assertThat(t.audit().events(AuditActions.PATIENT_ACCESS_LOG_READ))
                .hasSize(before + pages)
                .allSatisfy(e -> {
                    assertThat(e.patient()).isEqualTo(anna);
                    assertThat(e.actor()).isEqualTo(Actor.patient(anna));
                    assertThat(e.details()).containsOnlyKeys("count");
                });
        assertThat(directoryCalls.get()).isLessThanOrEqualTo(pages * 3);
    }

    @Test
    @DisplayName("without a staff directory, staff show as the clinic")
    void noDirectory() {
        TestPortal plain = TestPortal.create();
        plain.addPatient(clinic, anna);
        plain.portal().administration(desk).grant(anna, AccessMethod.TAJ_AND_PHONE, false);

        assertThat(plain.patientView(clinic, anna)
                        .accessLog(AccessLogFilter.firstPage())
                        .items())
                .singleElement()
                .satisfies(e -> assertThat(e.accessor())
                        .isEqualTo(
                                new AccessLogEntry.Accessor(AccessLogEntry.Accessor.Type.CLINIC, "the clinic", null)));
    }

    @Test
    @DisplayName("a malformed cursor is a validation error on cursor, audited as refused")
    void badCursor() {
        assertThatThrownBy(() -> me().accessLog(AccessLogFilter.firstPage().after("bm9wZQ")))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        assertThat(t.audit().events(AuditActions.PATIENT_ACCESS_LOG_READ))
                .last()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED));
    }
}
