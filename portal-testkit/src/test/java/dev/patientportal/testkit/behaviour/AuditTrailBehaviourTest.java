package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessAdministration;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentAdministration;
import dev.patientportal.core.DocumentContent;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.testkit.InMemoryAccessGrantStore;
import dev.patientportal.testkit.InMemoryContentStore;
import dev.patientportal.testkit.InMemoryDocumentStore;
import dev.patientportal.testkit.RecordingAuditSink;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every read and change leaves one audit event with its action, outcome and (on refusal) error code. */
@DisplayName("Audit trail")
class AuditTrailBehaviourTest {
    private static final DocumentType LAB = DocumentType.of("LAB_RESULT");

    private final TestPortal t = TestPortal.create();
    private final InstitutionId clinic = Samples.institution();
    private final PatientId patient = Samples.patient();
    private final DocumentAdministration docs = t.portal().documents(t.staff(clinic));
    private final AccessAdministration admin = t.portal().administration(t.staff(clinic));

    AuditTrailBehaviourTest() {
        t.addPatient(clinic, patient);
    }

    private AuditEvent last() {
        List<AuditEvent> all = t.audit().events();
        return all.get(all.size() - 1);
    }

    private void assertLast(String action, AuditEvent.Outcome outcome, Map<String, String> details) {
        AuditEvent e = last();
        assertThat(e.action()).isEqualTo(action);
        assertThat(e.outcome()).isEqualTo(outcome);
        assertThat(e.patient()).isEqualTo(patient);
        assertThat(e.details()).containsAllEntriesOf(details);
    }

    private Document publish(boolean visible) {
        return docs.publish(DocumentUpload.builder(patient, LAB)
                .fileName("lelet.pdf")
                .content(Samples.PDF)
                .patientAccess(visible)
                .build());
    }

    @Test
    @DisplayName("every read of the patient's own data is audited as a success")
    void patientReads() {
        admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        Document d = publish(true);
        PatientView me = t.patientView(clinic, patient);

        me.profile();
        assertLast(AuditActions.PATIENT_PROFILE_READ, AuditEvent.Outcome.SUCCESS, Map.of());
        me.documents(DocumentFilter.firstPage());
        assertLast(AuditActions.PATIENT_DOCUMENTS_LIST, AuditEvent.Outcome.SUCCESS, Map.of("count", "1"));
        me.countDocuments(null);
        assertLast(AuditActions.PATIENT_DOCUMENTS_COUNT, AuditEvent.Outcome.SUCCESS, Map.of("count", "1"));
        me.document(d.id());
        assertLast(AuditActions.PATIENT_DOCUMENT_OPEN, AuditEvent.Outcome.SUCCESS, Map.of("content", "false"));
        assertThat(last().targetId()).isEqualTo(d.id().value());
        try (DocumentContent c = me.openDocument(d.id())) {
            assertThat(c.readAllBytes()).isEqualTo(Samples.PDF);
        }
        assertLast(AuditActions.PATIENT_DOCUMENT_OPEN, AuditEvent.Outcome.SUCCESS, Map.of("content", "true"));
        Instant now = t.clock().instant();
        me.availableSlots(new SlotQuery(null, now, now.plus(Duration.ofDays(7)), 10));
        assertLast(AuditActions.PATIENT_SLOTS_LIST, AuditEvent.Outcome.SUCCESS, Map.of("count", "0"));
    }

    @Test
    @DisplayName("staff reads and changes are audited, each with what it found or did")
    void staffActions() {
        assertThat(admin.find(patient)).isEmpty();
        assertLast(AuditActions.ACCESS_READ, AuditEvent.Outcome.SUCCESS, Map.of("found", "false"));
        AccessGrant granted = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        assertThat(admin.find(patient)).contains(granted);
        assertLast(AuditActions.ACCESS_READ, AuditEvent.Outcome.SUCCESS, Map.of("found", "true"));

        AccessGrant withSms = admin.setSmsNotifications(patient, true, granted.version());
        assertThat(withSms.smsNotifications()).isTrue();
        assertLast(AuditActions.ACCESS_SMS, AuditEvent.Outcome.SUCCESS, Map.of("sms", "true"));
        assertThat(admin.setSmsNotifications(patient, false, withSms.version()).smsNotifications())
                .isFalse();

        Document hidden = publish(false);
        assertThat(docs.find(hidden.id())).isEqualTo(hidden);
        assertLast(AuditActions.DOCUMENT_STAFF_READ, AuditEvent.Outcome.SUCCESS, Map.of());
        assertThat(docs.list(patient, DocumentFilter.firstPage()).items()).containsExactly(hidden);
        assertLast(AuditActions.DOCUMENT_STAFF_READ, AuditEvent.Outcome.SUCCESS, Map.of("count", "1"));

        int events = t.events().events().size();
        Document same = docs.setPatientAccess(hidden.id(), false, false, hidden.version());
        assertThat(same).isEqualTo(hidden);
        assertLast(AuditActions.DOCUMENT_VISIBILITY, AuditEvent.Outcome.SUCCESS, Map.of("state", "HIDDEN"));
        assertThat(t.events().events()).as("nothing changed, nothing announced").hasSize(events);
        Document shown = docs.setPatientAccess(hidden.id(), true, false, hidden.version());
        assertLast(AuditActions.DOCUMENT_VISIBILITY, AuditEvent.Outcome.SUCCESS, Map.of("state", "VISIBLE"));
        assertThat(t.events().events(PortalEvent.Type.DOCUMENT_VISIBILITY_CHANGED))
                .hasSize(1);

        docs.withdraw(shown.id(), shown.version());
        assertLast(AuditActions.DOCUMENT_WITHDRAW, AuditEvent.Outcome.SUCCESS, Map.of());
    }

    @Test
    @DisplayName("a refusal is audited as denied with the kind of error; a collaborator's failure as failed")
    void refusalsCarryTheirErrorCode() {
        admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        PatientView me = t.patientView(clinic, patient);

        assertThatThrownBy(() -> me.documents(DocumentFilter.firstPage().after("!!")))
                .isInstanceOf(ValidationException.class);
        assertLast(
                AuditActions.PATIENT_DOCUMENTS_LIST, AuditEvent.Outcome.DENIED, Map.of("error", "validation:cursor"));
        assertThatThrownBy(() -> me.document(DocumentId.of("nope"))).isInstanceOf(NotFoundException.class);
        assertLast(AuditActions.PATIENT_DOCUMENT_OPEN, AuditEvent.Outcome.DENIED, Map.of("error", "not-found"));

        Document d = publish(true);
        assertThatThrownBy(() -> docs.withdraw(d.id(), d.version() + 7)).isInstanceOf(ConflictException.class);
        assertThat(last().action()).isEqualTo(AuditActions.DOCUMENT_WITHDRAW);
        assertThat(last().outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
        assertThat(last().targetId()).isEqualTo(d.id().value());
        assertThat(last().details()).containsEntry("error", "conflict");

        ServiceTypeId consult = ServiceTypeId.of("CONSULT");
        Instant start = t.clock().instant().plus(Duration.ofDays(3));
        Slot slot = t.scheduling()
                .addSlot(
                        clinic,
                        new Slot(SlotId.of("slot-" + UUID.randomUUID()), consult, start, start.plusSeconds(1200)));
        t.scheduling().book(clinic, Samples.patient(), slot.id(), "someone-else");
        assertThatThrownBy(() -> me.book(slot.id(), "k-1")).isInstanceOf(ConflictException.class);
        assertLast(AuditActions.RESERVATION_BOOK, AuditEvent.Outcome.DENIED, Map.of("error", "conflict"));
    }

    @Test
    @DisplayName("a store that cannot be reached is audited as failed with temporary-failure")
    void temporaryFailuresAreAuditedAsFailed() {
        InMemoryDocumentStore real = new InMemoryDocumentStore();
        RecordingAuditSink audit = new RecordingAuditSink();
        TestPortal down = TestPortal.builder()
                .customize(b -> b.stores(dev.patientportal.core.spi.PortalStores.of(
                        new InMemoryAccessGrantStore(), new FailingListStore(real), new InMemoryContentStore(), audit)))
                .build();
        down.addPatient(clinic, patient);
        down.portal().administration(down.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);

        assertThatThrownBy(() -> down.patientView(clinic, patient).documents(DocumentFilter.firstPage()))
                .isInstanceOf(TemporaryFailureException.class);
        AuditEvent e = audit.events().get(audit.events().size() - 1);
        assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILED);
        assertThat(e.details()).containsEntry("error", "temporary-failure");
    }

    @Test
    @DisplayName("when the audit of a refusal fails too, the caller gets the refusal with that failure attached")
    void anAuditFailureIsAttachedToTheRefusal() {
        AuditSink refusing = event -> {
            if (event.outcome() != AuditEvent.Outcome.SUCCESS) {
                throw new TemporaryFailureException("audit store down");
            }
        };
        TestPortal p = TestPortal.builder()
                .customize(b -> b.stores(dev.patientportal.core.spi.PortalStores.of(
                        new InMemoryAccessGrantStore(),
                        new InMemoryDocumentStore(),
                        new InMemoryContentStore(),
                        refusing)))
                .build();
        p.addPatient(clinic, patient);
        p.portal().administration(p.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);

        assertThatThrownBy(() -> p.patientView(clinic, patient).document(DocumentId.of("nope")))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.getSuppressed())
                                .singleElement()
                                .isInstanceOf(TemporaryFailureException.class));
    }

    @Test
    @DisplayName("a reservation's confirmation asks for SMS only when the grant has SMS on")
    void reservationIntentsFollowTheGrantsSmsSetting() {
        AccessGrant g = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        PatientView me = t.patientView(clinic, patient);
        ServiceTypeId consult = ServiceTypeId.of("CONSULT");
        Instant start = t.clock().instant().plus(Duration.ofDays(3));
        Slot first =
                t.scheduling().addSlot(clinic, new Slot(SlotId.of("slot-a"), consult, start, start.plusSeconds(1200)));
        Slot second = t.scheduling()
                .addSlot(
                        clinic,
                        new Slot(SlotId.of("slot-b"), consult, start.plusSeconds(3600), start.plusSeconds(4800)));

        me.book(first.id(), "k-1");
        assertThat(t.notifier().intents(NotificationIntent.Type.RESERVATION_BOOKED))
                .singleElement()
                .satisfies(i -> assertThat(i.smsEnabled()).isFalse());
        admin.setSmsNotifications(patient, true, g.version());
        me.book(second.id(), "k-2");
        assertThat(t.notifier().intents(NotificationIntent.Type.RESERVATION_BOOKED))
                .last()
                .satisfies(i -> assertThat(i.smsEnabled()).isTrue());
    }

    /** A document store whose queries fail as an unreachable database would. */
    private static final class FailingListStore implements dev.patientportal.core.spi.DocumentStore {
        private final InMemoryDocumentStore delegate;

        FailingListStore(InMemoryDocumentStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void insert(Document document) {
            delegate.insert(document);
        }

        @Override
        public java.util.Optional<Document> find(InstitutionId institution, DocumentId id) {
            return delegate.find(institution, id);
        }

        @Override
        public void update(Document document) {
            delegate.update(document);
        }

        @Override
        public List<Document> list(dev.patientportal.core.spi.DocumentQuery query) {
            throw new TemporaryFailureException("database unreachable");
        }

        @Override
        public long count(dev.patientportal.core.spi.DocumentQuery query) {
            throw new TemporaryFailureException("database unreachable");
        }
    }
}
