package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditFilter;
import dev.patientportal.core.AuditLog;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.testkit.InMemoryPortalStores;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Staff audit queries")
class AuditLogBehaviourTest {
    private final TestPortal t = TestPortal.create();
    private final InstitutionId clinic = Samples.institution();
    private final Staff desk =
            Staff.of(clinic, StaffId.of("desk"), StaffPermission.GRANT_ACCESS, StaffPermission.UPLOAD_DOCUMENTS);
    private final Staff dpo = Staff.of(clinic, StaffId.of("dpo"), StaffPermission.VIEW_AUDIT);
    private final PatientId anna = Samples.patient();
    private final PatientId bela = Samples.patient();

    AuditLogBehaviourTest() {
        t.addPatient(clinic, anna);
        t.addPatient(clinic, bela);
        t.portal().administration(desk).grant(anna, AccessMethod.TAJ_AND_PHONE, false);
        t.clock().advance(Duration.ofMinutes(1));
        t.portal().administration(desk).grant(bela, AccessMethod.TAJ_AND_PHONE, false);
        t.clock().advance(Duration.ofMinutes(1));
        t.portal()
                .documents(desk)
                .publish(DocumentUpload.builder(anna, DocumentType.of("LAB"))
                        .fileName("a.pdf")
                        .content(Samples.PDF)
                        .patientAccess(true)
                        .build());
        t.clock().advance(Duration.ofMinutes(1));
        t.portal().administration(desk).find(anna);
        t.clock().advance(Duration.ofMinutes(1));
    }

    private AuditLog log() {
        return t.portal().audit(dpo);
    }

    @Test
    @DisplayName("without VIEW_AUDIT a query is refused, and the refusal is audited")
    void needsPermission() {
        assertThatThrownBy(() -> t.portal().audit(desk).events(AuditFilter.all()))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(t.audit().events(AuditActions.AUDIT_QUERY)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
            assertThat(e.actor()).isEqualTo(Actor.staff(StaffId.of("desk")));
        });
    }

    @Test
    @DisplayName("a query lists the institution's events newest first and is itself audited, naming the patient")
    void query_byPatient() {
        Page<AuditRecord> page =
                log().events(AuditFilter.builder().patient(anna).build());

        assertThat(page.items())
                .extracting(r -> r.event().action())
                .containsExactly(AuditActions.ACCESS_READ, AuditActions.DOCUMENT_PUBLISH, AuditActions.ACCESS_GRANT);
        assertThat(page.items()).allMatch(r -> r.link() != null);
        assertThat(page.nextCursor()).isNull();
        assertThat(t.audit().events(AuditActions.AUDIT_QUERY)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
            assertThat(e.patient()).isEqualTo(anna);
            assertThat(e.details()).containsEntry("count", "3").containsEntry("filters", "patient");
        });
    }

    @Test
    @DisplayName("filters by staff member, action, outcome and time combine")
    void query_filters() {
        assertThatThrownBy(() -> t.portal()
                        .documents(dpo)
                        .publish(DocumentUpload.builder(anna, DocumentType.of("LAB"))
                                .fileName("b.pdf")
                                .content(Samples.PDF)
                                .build()))
                .isInstanceOf(AccessDeniedException.class);

        assertThat(log().events(AuditFilter.builder()
                                .staff(StaffId.of("desk"))
                                .actions(AuditActions.ACCESS_GRANT)
                                .build())
                        .items())
                .extracting(r -> r.event().patient())
                .containsExactly(bela, anna);
        assertThat(log().events(AuditFilter.builder()
                                .outcome(AuditEvent.Outcome.DENIED)
                                .build())
                        .items())
                .extracting(r -> r.event().action())
                .containsExactly(AuditActions.DOCUMENT_PUBLISH);
        assertThat(log().events(AuditFilter.builder()
                                .from(TestPortal.DEFAULT_START.plusSeconds(30))
                                .to(TestPortal.DEFAULT_START.plusSeconds(150))
                                .build())
                        .items())
                .extracting(r -> r.event().action())
                .containsExactly(AuditActions.DOCUMENT_PUBLISH, AuditActions.ACCESS_GRANT);
    }

    @Test
    @DisplayName("pages of two walk every event once, newest first, and another institution's never appear")
    void paging() {
        Staff other = t.staff(Samples.institution());
        t.addPatient(other.institution(), anna);
        t.portal().administration(other).grant(anna, AccessMethod.TAJ_AND_PHONE, false);
        List<AuditRecord> seen = new ArrayList<>();
        AuditFilter filter = AuditFilter.builder()
                .limit(2)
                .actions(AuditActions.ACCESS_GRANT, AuditActions.DOCUMENT_PUBLISH, AuditActions.ACCESS_READ)
                .build();
        Page<AuditRecord> page = log().events(filter);
        seen.addAll(page.items());
        while (page.nextCursor() != null) {
            page = log().events(filter.after(page.nextCursor()));
            seen.addAll(page.items());
        }

        assertThat(seen).extracting(AuditRecord::sequence).containsExactly(4L, 3L, 2L, 1L);
        assertThat(seen).allMatch(r -> r.event().institution().equals(clinic));
    }

    @Test
    @DisplayName("a malformed or foreign cursor is a validation error on cursor; limits and ranges are checked")
    void badInput() {
        assertThatThrownBy(() -> log().events(
                                AuditFilter.builder().cursor("not-a-cursor").build()))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        assertThatThrownBy(() -> AuditFilter.builder().limit(0).build())
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("limit"));
        assertThatThrownBy(() -> AuditFilter.builder()
                        .limit(0)
                        .from(TestPortal.DEFAULT_START)
                        .to(TestPortal.DEFAULT_START)
                        .build())
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e).hasMessageContaining("limit").hasMessageContaining("to must be after from"));
    }

    @Test
    @DisplayName("stores that cannot read the audit back fail the query with UnsupportedOperationException")
    void unsupportedTrail() {
        InMemoryPortalStores real = new InMemoryPortalStores();
        PortalStores writeOnly = PortalStores.of(real.grants(), real.documents(), real.content(), real.audit());
        TestPortal plain =
                TestPortal.builder().customize(b -> b.stores(writeOnly)).build();

        assertThatThrownBy(() -> plain.portal()
                        .audit(Staff.of(clinic, StaffId.of("dpo"), StaffPermission.VIEW_AUDIT))
                        .events(AuditFilter.all()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(real.audit().events(AuditActions.AUDIT_QUERY))
                .singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILED));
    }
}
