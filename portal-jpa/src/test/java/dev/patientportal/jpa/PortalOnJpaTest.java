package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Staff;
import dev.patientportal.core.ValidationException;
import dev.patientportal.jpa.internal.JpaAuditSink;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.RecordingDelivery;
import dev.patientportal.jpa.testing.TestDatabase;
import dev.patientportal.jpa.testing.TestKeys;
import dev.patientportal.testkit.TestPortal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole portal on portal-jpa, the way the tour wires it: JPA stores, the resource-local runner, the outbox notifier
 * and a running dispatcher. Notifications of committed changes are delivered; a refused change notifies nobody.
 */
class PortalOnJpaTest {
    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("grant, publish and read through JPA; the outbox delivers exactly the committed notifications")
    void portalOnJpa_deliversCommittedNotifications(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(4));
            RecordingDelivery delivery = new RecordingDelivery();
            TestPortal t = TestPortal.builder()
                    .transactions(tx)
                    .customize(b -> b.stores(JpaStores.create(tx))
                            .pseudonymKey(TestKeys.PSEUDONYMS)
                            .notifications(OutboxNotifier.create(tx)))
                    .build();
            InstitutionId clinic = InstitutionId.of("clinic-1");
            PatientId patient = t.addPatient(clinic, PatientId.of("p-1")).patient();
            Staff staff = t.staff(clinic);

            try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(tx, delivery)
                    .pollInterval(Duration.ofMillis(20))
                    .build()) {
                dispatcher.start();
                t.portal().administration(staff).grant(patient, AccessMethod.TAJ_AND_PHONE, true);
                Document published = t.portal()
                        .documents(staff)
                        .publish(DocumentUpload.builder(patient, DocumentType.of("LAB_RESULT"))
                                .fileName("lelet.pdf")
                                .content(PDF)
                                .patientAccess(true)
                                .notifyPatient(true)
                                .build());
                assertThatThrownBy(() -> t.portal()
                                .documents(staff)
                                .publish(DocumentUpload.builder(patient, DocumentType.of("LAB_RESULT"))
                                        .fileName("rejected.pdf")
                                        .content(PDF)
                                        .patientAccess(false)
                                        .notifyPatient(true)
                                        .build()))
                        .isInstanceOf(ValidationException.class);

                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (delivery.sent().size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }

                assertThat(delivery.sent())
                        .extracting(NotificationIntent::type)
                        .containsExactlyInAnyOrder(
                                NotificationIntent.Type.ACCESS_GRANTED, NotificationIntent.Type.DOCUMENT_PUBLISHED);
                assertThat(delivery.sent())
                        .filteredOn(i -> i.type() == NotificationIntent.Type.DOCUMENT_PUBLISHED)
                        .singleElement()
                        .satisfies(i -> {
                            assertThat(i.subjectId()).isEqualTo(published.id().value());
                            assertThat(i.smsEnabled()).isTrue();
                        });
                List<Document> visible = t.patientView(clinic, patient)
                        .documents(DocumentFilter.firstPage())
                        .items();
                assertThat(visible).containsExactly(published);
                assertThat(t.patientView(clinic, patient)
                                .openDocument(published.id())
                                .readAllBytes())
                        .isEqualTo(PDF);
            }
            List<AuditEvent> audit = tx.inTransaction(() -> JpaAuditSink.read(tx.currentEntityManager(), clinic, 100));
            assertThat(audit)
                    .extracting(AuditEvent::outcome)
                    .contains(AuditEvent.Outcome.SUCCESS, AuditEvent.Outcome.DENIED);
            assertThat(OutboxAdmin.create(tx).pendingCount()).isZero();
        }
    }
}
