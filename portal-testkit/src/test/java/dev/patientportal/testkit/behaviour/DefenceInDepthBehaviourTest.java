package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentAdministration;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.PolicyViolationException;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.spi.DocumentQuery;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.testkit.InMemoryAccessGrantStore;
import dev.patientportal.testkit.InMemoryContentStore;
import dev.patientportal.testkit.InMemoryDocumentStore;
import dev.patientportal.testkit.RecordingAuditSink;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The portal does not rely on its collaborators keeping its rules: a store that answers too much, or a session
 * resolver that hands one token to another patient, still shows nobody anything that is not theirs.
 */
@DisplayName("Defence in depth")
class DefenceInDepthBehaviourTest {
    private static final DocumentType LAB = DocumentType.of("LAB_RESULT");
    private static final DocumentType XRAY = DocumentType.of("XRAY");

    private final InstitutionId clinic = Samples.institution();
    private final InstitutionId other = Samples.institution();
    private final PatientId patient = Samples.patient();
    private final PatientId neighbour = Samples.patient();

    /** A store that ignores what a query or a lookup asks for and answers with every document it holds. */
    private static final class SloppyStore implements DocumentStore {
        final InMemoryDocumentStore all = new InMemoryDocumentStore();

        @Override
        public void insert(Document document) {
            all.insert(document);
        }

        @Override
        public Optional<Document> find(InstitutionId institution, DocumentId id) {
            return all.all().stream().filter(d -> d.id().equals(id)).findFirst();
        }

        @Override
        public void update(Document document) {
            all.update(document);
        }

        @Override
        public List<Document> list(DocumentQuery query) {
            return all.all();
        }

        @Override
        public long count(DocumentQuery query) {
            return all.count(query);
        }
    }

    /** A resolver that answers every token with whatever session the supplier gives now. */
    private static SessionResolver resolver(Supplier<PatientSession> session) {
        return new SessionResolver() {
            @Override
            public Optional<PatientSession> resolve(String token) {
                return Optional.of(session.get());
            }

            @Override
            public void endSessions(InstitutionId institution, PatientId patient) {}
        };
    }

    @Test
    @DisplayName("a store that answers every document still shows each reader only what is theirs to see")
    void aSloppyStoreLeaksNothing() {
        SloppyStore store = new SloppyStore();
        TestPortal t = TestPortal.builder()
                .customize(b -> b.stores(PortalStores.of(
                        new InMemoryAccessGrantStore(), store, new InMemoryContentStore(), new RecordingAuditSink())))
                .build();
        for (InstitutionId inst : List.of(clinic, other)) {
            for (PatientId p : List.of(patient, neighbour)) {
                t.addPatient(inst, p);
                t.portal().administration(t.staff(inst)).grant(p, AccessMethod.TAJ_AND_PHONE, false);
            }
        }
        DocumentAdministration docs = t.portal().documents(t.staff(clinic));
        Document mine = docs.publish(DocumentUpload.builder(patient, LAB)
                .fileName("a.pdf")
                .content(Samples.PDF)
                .patientAccess(true)
                .build());
        Document mineXray = docs.publish(DocumentUpload.builder(patient, XRAY)
                .fileName("b.pdf")
                .content(Samples.PDF)
                .patientAccess(true)
                .build());
        Document hidden = docs.publish(DocumentUpload.builder(patient, LAB)
                .fileName("c.pdf")
                .content(Samples.PDF)
                .patientAccess(false)
                .build());
        Document theirs = docs.publish(DocumentUpload.builder(neighbour, LAB)
                .fileName("d.pdf")
                .content(Samples.PDF)
                .patientAccess(true)
                .build());
        Document elsewhere = t.portal()
                .documents(t.staff(other))
                .publish(DocumentUpload.builder(patient, LAB)
                        .fileName("e.pdf")
                        .content(Samples.PDF)
                        .patientAccess(true)
                        .build());
        assertThat(hidden.state()).isEqualTo(DocumentState.HIDDEN);

        PatientView me = t.patientView(clinic, patient);
        assertThat(me.documents(DocumentFilter.firstPage()).items()).containsExactlyInAnyOrder(mine, mineXray);
        assertThat(me.documents(DocumentFilter.ofType(LAB)).items()).containsExactly(mine);
        assertThat(docs.list(patient, DocumentFilter.firstPage()).items())
                .containsExactlyInAnyOrder(mine, mineXray, hidden);
        assertThatThrownBy(() -> docs.find(elsewhere.id())).isInstanceOf(NotFoundException.class);
        assertThat(docs.find(theirs.id())).isEqualTo(theirs);
    }

    @Test
    @DisplayName("a view stops working when its token comes to resolve to another patient or session")
    void aReboundTokenIsNoSession() {
        AtomicReference<PatientSession> answer = new AtomicReference<>(new PatientSession(clinic, patient, "s-1"));
        TestPortal t = TestPortal.builder()
                .customize(b -> b.sessions(resolver(answer::get)))
                .build();
        for (PatientId p : List.of(patient, neighbour)) {
            t.addPatient(clinic, p);
            t.portal().administration(t.staff(clinic)).grant(p, AccessMethod.TAJ_AND_PHONE, false);
        }
        PatientView me = t.portal().patient("token-1");
        assertThat(me.profile().patient()).isEqualTo(patient);

        answer.set(new PatientSession(clinic, neighbour, "s-1"));
        assertThatThrownBy(me::profile).isInstanceOf(AuthenticationException.class);
        answer.set(new PatientSession(clinic, patient, "s-2"));
        assertThatThrownBy(me::profile).isInstanceOf(AuthenticationException.class);
        answer.set(new PatientSession(other, patient, "s-1"));
        assertThatThrownBy(me::profile).isInstanceOf(AuthenticationException.class);
        answer.set(new PatientSession(clinic, patient, "s-1"));
        assertThat(me.profile().patient()).isEqualTo(patient);
    }

    @Test
    @DisplayName("tokens of up to 512 characters are looked up, longer ones refused unseen")
    void tokenLength() {
        TestPortal t = TestPortal.builder()
                .customize(b -> b.sessions(resolver(() -> new PatientSession(clinic, patient, "s-1"))))
                .build();
        t.addPatient(clinic, patient);
        t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);

        assertThat(t.portal().patient("t".repeat(512)).session().patient()).isEqualTo(patient);
        assertThatThrownBy(() -> t.portal().patient("t".repeat(513))).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> t.portal().patient("")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    @DisplayName("a reservation cannot be moved beyond the booking horizon or inside the lead time")
    void rescheduleKeepsTheBookingWindow() {
        TestPortal t = TestPortal.builder()
                .reservationPolicy(ReservationPolicy.builder()
                        .bookingHorizon(Duration.ofDays(30))
                        .minimumLeadTime(Duration.ofHours(2))
                        .maxActiveBookings(3)
                        .build())
                .build();
        t.addPatient(clinic, patient);
        t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        ServiceTypeId consult = ServiceTypeId.of("CONSULT");
        Instant now = t.clock().instant();
        Slot booked = slot(t, "slot-1", consult, now.plus(Duration.ofDays(5)));
        Slot tooFar = slot(t, "slot-2", consult, now.plus(Duration.ofDays(31)));
        Slot tooSoon = slot(t, "slot-3", consult, now.plus(Duration.ofHours(1)));
        Slot fine = slot(t, "slot-4", consult, now.plus(Duration.ofDays(6)));
        PatientView me = t.patientView(clinic, patient);
        Reservation r = me.book(booked.id(), "k-1");

        assertThatThrownBy(() -> me.reschedule(r.id(), tooFar.id()))
                .isInstanceOfSatisfying(
                        PolicyViolationException.class,
                        e -> assertThat(e.rule()).isEqualTo("reservation.horizon"));
        assertThatThrownBy(() -> me.reschedule(r.id(), tooSoon.id()))
                .isInstanceOfSatisfying(
                        PolicyViolationException.class,
                        e -> assertThat(e.rule()).isEqualTo("reservation.lead-time"));
        assertThat(me.reschedule(r.id(), fine.id()).slot()).isEqualTo(fine.id());
    }

    private Slot slot(TestPortal t, String id, ServiceTypeId service, Instant start) {
        return t.scheduling()
                .addSlot(clinic, new Slot(SlotId.of(id), service, start, start.plus(Duration.ofMinutes(20))));
    }
}
