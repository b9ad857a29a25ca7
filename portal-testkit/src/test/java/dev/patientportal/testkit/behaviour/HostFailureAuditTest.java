package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryPortalStores;
import dev.patientportal.testkit.TestPatients;
import dev.patientportal.testkit.TestPortal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A host SPI that throws something other than a {@code PortalException}: the caller gets that exception unchanged,
 * and the audit trail gets one {@code FAILED} event naming the exception's class, never its message (it may hold
 * personal data). Issue 12, defect 7. The failing collaborators are Mockito mocks; everything else is real.
 */
@DisplayName("A host SPI failing with an arbitrary RuntimeException")
class HostFailureAuditTest {
    private static final String PHI = "Anna Kovács, TAJ 123456788, +36 30 123 4567";

    private final InstitutionId clinic = Samples.institution();
    private final PatientId patient = Samples.patient();
    private final IllegalStateException failure = new IllegalStateException(PHI + " could not be loaded");

    private static void assertOneFailedEvent(List<AuditEvent> all, String action, Throwable thrown, Throwable failure) {
        assertThat(thrown).isSameAs(failure);
        assertThat(all)
                .filteredOn(e -> e.action().equals(action))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILED);
                    assertThat(e.details()).containsEntry("exception", IllegalStateException.class.getName());
                    assertThat(e.details()).containsEntry("error", "unexpected");
                });
        assertThat(all).allSatisfy(e -> assertThat(e.toString()).doesNotContain("Anna", "123456788", "4567"));
    }

    private TestPortal grantedPortal(TestPortal t) {
        t.addPatient(clinic, patient);
        t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        t.audit().clear();
        t.notifier().clear();
        t.events().clear();
        return t;
    }

    @Test
    @DisplayName("a scheduling gateway failing while listing reservations: rethrown unchanged, audited as FAILED")
    void schedulingGatewayFails() {
        SchedulingGateway gateway = mock(SchedulingGateway.class);
        when(gateway.reservations(any(), any())).thenThrow(failure);
        TestPortal t = grantedPortal(
                TestPortal.builder().customize(b -> b.scheduling(gateway)).build());

        Throwable thrown = catchThrowable(() -> t.patientView(clinic, patient).reservations());

        assertOneFailedEvent(t.audit().events(), AuditActions.PATIENT_RESERVATIONS_LIST, thrown, failure);
        assertThat(t.audit()
                        .events(AuditActions.PATIENT_RESERVATIONS_LIST)
                        .get(0)
                        .patient())
                .isEqualTo(patient);
    }

    @Test
    @DisplayName("a scheduling gateway failing while booking: rethrown unchanged, audited as FAILED, nothing confirmed")
    void schedulingGatewayFailsOnBook() {
        SchedulingGateway gateway = mock(SchedulingGateway.class);
        when(gateway.slot(any(), any())).thenThrow(failure);
        TestPortal t = grantedPortal(
                TestPortal.builder().customize(b -> b.scheduling(gateway)).build());

        Throwable thrown = catchThrowable(() -> t.patientView(clinic, patient).book(SlotId.of("s-1"), "req-1"));

        assertOneFailedEvent(t.audit().events(), AuditActions.RESERVATION_BOOK, thrown, failure);
        assertThat(t.notifier().intents()).isEmpty();
        assertThat(t.events().events()).isEmpty();
    }

    @Test
    @DisplayName("a patient directory failing while the patient reads the profile: rethrown unchanged, audited")
    void patientDirectoryFails() {
        InMemoryPatientDirectory real = new InMemoryPatientDirectory();
        real.put(TestPatients.next(clinic, patient));
        PatientDirectory directory = mock(PatientDirectory.class);
        when(directory.find(any(), any())).thenAnswer(inv -> real.find(inv.getArgument(0), inv.getArgument(1)));
        TestPortal t = TestPortal.builder()
                .customize(b -> b.patientDirectory(directory))
                .build();
        t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        t.audit().clear();
        doThrow(failure).when(directory).find(any(), any());

        Throwable thrown = catchThrowable(() -> t.patientView(clinic, patient).profile());

        assertOneFailedEvent(t.audit().events(), AuditActions.PATIENT_PROFILE_READ, thrown, failure);
    }

    @Test
    @DisplayName("a document store failing on insert while staff publish: rethrown unchanged, audited as FAILED")
    void documentStoreFails() {
        InMemoryPortalStores real = new InMemoryPortalStores();
        DocumentStore documents = mock(DocumentStore.class);
        doThrow(failure).when(documents).insert(any());
        PortalStores stores = PortalStores.of(real.grants(), documents, real.content(), real.audit());
        TestPortal t = TestPortal.builder().customize(b -> b.stores(stores)).build();
        t.addPatient(clinic, patient);

        Throwable thrown = catchThrowable(() -> t.portal()
                .documents(t.staff(clinic))
                .publish(DocumentUpload.builder(patient, DocumentType.of("LAB_RESULT"))
                        .fileName("lelet.pdf")
                        .content(Samples.PDF)
                        .build()));

        assertOneFailedEvent(real.audit().events(), AuditActions.DOCUMENT_PUBLISH, thrown, failure);
    }

    @Test
    @DisplayName("a grant store failing while staff grant access: rethrown unchanged, audited as FAILED")
    void grantStoreFails() {
        InMemoryPortalStores real = new InMemoryPortalStores();
        dev.patientportal.core.spi.AccessGrantStore grants = mock(dev.patientportal.core.spi.AccessGrantStore.class);
        when(grants.find(any(), any())).thenThrow(failure);
        PortalStores stores = PortalStores.of(grants, real.documents(), real.content(), real.audit());
        TestPortal t = TestPortal.builder().customize(b -> b.stores(stores)).build();
        t.addPatient(clinic, patient);

        Throwable thrown = catchThrowable(
                () -> t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false));

        assertOneFailedEvent(real.audit().events(), AuditActions.ACCESS_GRANT, thrown, failure);
    }
}
