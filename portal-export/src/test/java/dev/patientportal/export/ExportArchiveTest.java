package dev.patientportal.export;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentAdministration;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.ExportedDocument;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationStatus;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.Staff;
import dev.patientportal.testkit.TestPortal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The export archive")
class ExportArchiveTest {
    private static final DocumentType LAB = DocumentType.of("LAB_RESULT");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext FHIR = FhirContext.forR4();

    private final TestPortal t = TestPortal.create();
    private final InstitutionId clinic = InstitutionId.of("clinic-1");
    private final Staff staff = t.staff(clinic);
    private final DocumentAdministration docs = t.portal().documents(staff);
    private final PatientId patient = PatientId.of("patient-1");
    private final PatientId other = PatientId.of("patient:2@odd");
    private final Document visible;
    private final Document hidden;
    private final Document withdrawn;
    private final Document othersDocument;

    ExportArchiveTest() {
        t.addPatient(clinic, patient);
        t.addPatient(clinic, other);
        t.portal().administration(staff).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        t.portal().administration(staff).grant(other, AccessMethod.TAJ_AND_PHONE, false);
        visible = publish(patient, "lab result.pdf", true, 2000);
        hidden = publish(patient, "draft.pdf", false, 1500);
        Document w = publish(patient, "mistake.pdf", true, 1200);
        withdrawn = docs.withdraw(w.id(), w.version());
        othersDocument = publish(other, "others.pdf", true, 1300);
        Instant now = t.clock().instant();
        reservation(patient, "r-1", now.plus(Duration.ofDays(2)), ReservationStatus.BOOKED);
        reservation(patient, "r-0", now.minus(Duration.ofDays(20)), ReservationStatus.NO_SHOW);
        reservation(patient, "r-00", now.minus(Duration.ofDays(40)), ReservationStatus.COMPLETED);
        reservation(other, "r-other", now.plus(Duration.ofDays(5)), ReservationStatus.BOOKED);
    }

    private Document publish(PatientId who, String name, boolean access, int size) {
        return docs.publish(DocumentUpload.builder(who, LAB)
                .fileName(name)
                .content(pdf(size, name))
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
                        start.plus(Duration.ofMinutes(20)),
                        status));
    }

    static byte[] pdf(int size, String salt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("%PDF-1.4\n%" + salt + "\n").getBytes(StandardCharsets.US_ASCII));
        while (out.size() < size) {
            out.write('x');
        }
        return out.toByteArray();
    }

    /** Every entry of an archive, by name, in order. */
    static Map<String, byte[]> entries(byte[] zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static byte[] archive(PatientRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportArchive.write(record, out);
        return out.toByteArray();
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    @DisplayName("the patient's archive holds the visible document's bytes, JSON of every part, and nothing else")
    void patientArchive() throws Exception {
        PatientRecord record = t.patientView(clinic, patient).export();
        Map<String, byte[]> files = entries(archive(record));

        List<String> documents = new ArrayList<>(
                files.keySet().stream().filter(n -> n.startsWith("documents/")).toList());
        assertThat(documents).containsExactly("documents/" + visible.id().value() + "-lab_result.pdf");
        assertThat(hex("SHA-256", files.get(documents.get(0)))).isEqualTo(visible.sha256());
        assertThat(files)
                .containsKeys(
                        "grant.json",
                        "profile.json",
                        "reservations.json",
                        "documents.json",
                        "access-log.json",
                        "notifications.json",
                        "fhir/bundle.json",
                        "manifest.json");
        String all = text(files, null);
        for (String foreign : List.of(
                othersDocument.id().value(),
                "others.pdf",
                other.value(),
                "r-other",
                t.patients().find(clinic, other).orElseThrow().familyName())) {
            assertThat(all)
                    .as("the archive mentions another patient's " + foreign)
                    .doesNotContain(foreign);
        }
        // The hidden and withdrawn documents: neither bytes nor metadata. Their ids appear only where the patient's
        // access log (PatientView.accessLog) shows them too, as the target of staff's publication or withdrawal.
        String outsideLog = text(files, "access-log.json");
        for (String absent : List.of(hidden.id().value(), withdrawn.id().value(), "draft.pdf", "mistake.pdf")) {
            assertThat(outsideLog).as("the archive mentions " + absent).doesNotContain(absent);
        }
        JsonNode log = JSON.readTree(files.get("access-log.json")).get("access-log");
        for (JsonNode entry : log) {
            for (Map.Entry<String, JsonNode> field : entry.properties()) {
                if (!field.getKey().equals("target")) {
                    assertThat(field.getValue().asText())
                            .doesNotContain(hidden.id().value(), withdrawn.id().value());
                }
            }
        }

        PatientProfile profile = t.patients().find(clinic, patient).orElseThrow();
        JsonNode p = JSON.readTree(files.get("profile.json")).get("profile");
        assertThat(p.get("familyName").asText()).isEqualTo(profile.familyName());
        assertThat(p.get("taj").asText()).isEqualTo(profile.taj().digits());
        assertThat(p.get("birthDate").asText()).isEqualTo(profile.birthDate().toString());
        JsonNode grant = JSON.readTree(files.get("grant.json")).get("grant");
        assertThat(grant.get("method").asText()).isEqualTo("TAJ_AND_PHONE");
        assertThat(grant.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode reservations = JSON.readTree(files.get("reservations.json")).get("reservations");
        assertThat(reservations.get("active").findValuesAsText("id")).containsExactly("r-1");
        assertThat(reservations.get("history").findValuesAsText("id")).containsExactly("r-0", "r-00");
        JsonNode meta = JSON.readTree(files.get("documents.json")).get("documents");
        assertThat(meta).hasSize(1);
        assertThat(meta.get(0).get("fileSha256").asText()).isEqualTo(visible.sha256());
        assertThat(meta.get(0).get("file").asText()).isEqualTo(documents.get(0));
        assertThat(JSON.readTree(files.get("access-log.json")).get("access-log"))
                .hasSize(record.accessLog().size());
        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        assertThat(manifest.get("scope").asText()).isEqualTo("PATIENT");
        List<String> listed = new ArrayList<>();
        manifest.get("files").forEach(n -> listed.add(n.asText()));
        assertThat(listed)
                .containsExactlyInAnyOrderElementsOf(files.keySet().stream()
                        .filter(n -> !n.equals("manifest.json"))
                        .toList());
    }

    @Test
    @DisplayName("the FHIR bundle parses back with HAPI and says what the record says")
    void fhirRoundTrip() throws Exception {
        PatientRecord record = t.portal().exports(staff).export(patient);
        Map<String, byte[]> files = entries(archive(record));
        Bundle bundle = FHIR.newJsonParser()
                .parseResource(Bundle.class, new String(files.get("fhir/bundle.json"), StandardCharsets.UTF_8));

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        List<Resource> resources = bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .toList();
        PatientProfile profile = record.profile();
        Patient p = only(resources, Patient.class);
        assertThat(p.getIdElement().getIdPart()).isEqualTo(patient.value());
        assertThat(p.getNameFirstRep().getFamily()).isEqualTo(profile.familyName());
        assertThat(p.getNameFirstRep().getGivenAsSingleString()).isEqualTo(profile.givenName());
        assertThat(p.getBirthDateElement().getValueAsString())
                .isEqualTo(profile.birthDate().toString());
        assertThat(p.getIdentifier())
                .extracting(Identifier::getValue)
                .containsExactly(patient.value(), profile.taj().digits());
        assertThat(p.getTelecom())
                .filteredOn(c -> c.getSystem() == ContactPoint.ContactPointSystem.PHONE)
                .singleElement()
                .satisfies(
                        c -> assertThat(c.getValue()).isEqualTo(profile.phone().e164()));
        assertThat(p.getActive()).isTrue();

        List<Appointment> appointments = all(resources, Appointment.class);
        List<Reservation> reservations = new ArrayList<>(record.reservations());
        reservations.addAll(record.history());
        assertThat(appointments).hasSize(3);
        for (Reservation r : reservations) {
            Appointment a = appointments.stream()
                    .filter(x -> x.getIdElement().getIdPart().equals(r.id().value()))
                    .findFirst()
                    .orElseThrow();
            assertThat(a.getStart().toInstant()).isEqualTo(r.start());
            assertThat(a.getEnd().toInstant()).isEqualTo(r.end());
            assertThat(a.getStatus().toCode())
                    .isEqualTo(
                            switch (r.status()) {
                                case BOOKED -> "booked";
                                case CANCELLED -> "cancelled";
                                case COMPLETED -> "fulfilled";
                                case NO_SHOW -> "noshow";
                            });
            assertThat(a.getParticipantFirstRep().getActor().getReference()).isEqualTo("Patient/" + patient.value());
        }

        List<DocumentReference> refs = all(resources, DocumentReference.class);
        assertThat(refs)
                .extracting(r -> r.getIdElement().getIdPart())
                .containsExactlyInAnyOrder(
                        visible.id().value(),
                        hidden.id().value(),
                        withdrawn.id().value());
        for (ExportedDocument d : record.documents()) {
            DocumentReference ref = refs.stream()
                    .filter(r -> r.getIdElement()
                            .getIdPart()
                            .equals(d.document().id().value()))
                    .findFirst()
                    .orElseThrow();
            Attachment att = ref.getContentFirstRep().getAttachment();
            byte[] bytes = files.get(att.getUrl());
            assertThat(bytes).as("the attachment's file is in the archive").isNotNull();
            assertThat(att.getSize()).isEqualTo(bytes.length).isEqualTo((int)
                    d.document().sizeBytes());
            assertThat(HexFormat.of().formatHex(att.getHash())).isEqualTo(hex("SHA-1", bytes));
            assertThat(hex("SHA-256", bytes)).isEqualTo(d.document().sha256());
            assertThat(att.getContentType()).isEqualTo(d.document().mediaType());
            assertThat(att.getTitle()).isEqualTo(d.document().fileName());
            assertThat(ref.getSubject().getReference()).isEqualTo("Patient/" + patient.value());
            assertThat(ref.getSecurityLabelFirstRep().getCodingFirstRep().getCode())
                    .isEqualTo(d.document().state().name());
            assertThat(ref.getStatus().toCode())
                    .isEqualTo(
                            d.document().state() == dev.patientportal.core.DocumentState.WITHDRAWN
                                    ? "superseded"
                                    : "current");
        }
    }

    @Test
    @DisplayName("a portal id that is no FHIR id gets a hashed one, and the real id stays an identifier")
    void oddIds() throws Exception {
        PatientRecord record = t.portal().exports(staff).export(other);
        Bundle bundle = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        new String(entries(archive(record)).get("fhir/bundle.json"), StandardCharsets.UTF_8));
        Patient p = only(
                bundle.getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getResource)
                        .toList(),
                Patient.class);
        assertThat(p.getIdElement().getIdPart()).matches("h-[0-9a-f]{32}");
        assertThat(p.getIdentifierFirstRep().getValue()).isEqualTo(other.value());
    }

    @Test
    @DisplayName("without FHIR, the archive has the same files but the bundle")
    void withoutFhir() throws Exception {
        assertThat(ExportArchive.fhirAvailable()).isTrue();
        PatientRecord record = t.patientView(clinic, patient).export();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportArchive.writeWithoutFhir(record, out);
        Map<String, byte[]> files = entries(out.toByteArray());
        assertThat(files).doesNotContainKey("fhir/bundle.json").containsKey("profile.json");
        assertThat(JSON.readTree(files.get("manifest.json")).get("fhirBundle").isNull())
                .isTrue();
    }

    /** Every entry's name and content as text, but one entry's. */
    private static String text(Map<String, byte[]> files, @Nullable String skip) {
        StringBuilder all = new StringBuilder();
        files.forEach((name, content) -> {
            if (!name.equals(skip)) {
                all.append(name).append('\n').append(new String(content, StandardCharsets.ISO_8859_1));
            }
        });
        return all.toString();
    }

    private static <T extends Resource> T only(List<Resource> resources, Class<T> type) {
        List<T> found = all(resources, type);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static <T extends Resource> List<T> all(List<Resource> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
