package dev.patientportal.export.internal;

import ca.uhn.fhir.context.FhirContext;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.core.Reservation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The FHIR R4 {@code Bundle} (type {@code collection}) of a record, built with HAPI FHIR. The only class that names
 * HAPI: it is loaded only when {@link ArchiveWriter#fhirOnClassPath()} found HAPI.
 *
 * <p>Ids: a portal id that is a valid FHIR id (letters, digits, {@code -} and {@code .}, at most 64) is the resource's
 * id; any other gets {@code h-} and a hash, and the portal's own id is always an {@link Identifier} under
 * {@link #SYSTEM}.
 */
final class FhirBundle {
    static final String PATH = "fhir/bundle.json";
    /** The identifier system of the portal's own ids ({@code <SYSTEM>/patient}, {@code /reservation}, ...). */
    static final String SYSTEM = "urn:dev.patientportal";

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /** Expensive to make and thread-safe: one for the class loader's life, made on first use. */
    private static volatile @org.jspecify.annotations.Nullable FhirContext context;

    private FhirBundle() {}

    static FhirContext context() {
        FhirContext c = context;
        if (c == null) {
            synchronized (FhirBundle.class) {
                c = context;
                if (c == null) {
                    c = FhirContext.forR4();
                    context = c;
                }
            }
        }
        return c;
    }

    static void write(PatientRecord record, List<ArchiveWriter.WrittenDocument> documents, OutputStream out)
            throws IOException {
        Bundle bundle = bundle(record, documents);
        Writer writer = new OutputStreamWriter(new ArchiveWriter.KeepOpen(out), StandardCharsets.UTF_8);
        context().newJsonParser().setPrettyPrint(true).encodeResourceToWriter(bundle, writer);
        writer.flush();
    }

    static Bundle bundle(PatientRecord record, List<ArchiveWriter.WrittenDocument> documents) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestamp(Date.from(record.exportedAt()));
        bundle.setIdentifier(new Identifier()
                .setSystem(SYSTEM + "/export")
                .setValue(record.institution().value() + "/" + record.patient().value() + "/" + record.exportedAt()));
        Patient patient = patient(record);
        add(bundle, patient);
        Reference subject = new Reference("Patient/" + patient.getIdElement().getIdPart());
        for (Reservation r : record.reservations()) {
            add(bundle, appointment(r, subject));
        }
        for (Reservation r : record.history()) {
            add(bundle, appointment(r, subject));
        }
        for (ArchiveWriter.WrittenDocument w : documents) {
            add(bundle, documentReference(w, subject));
        }
        return bundle;
    }

    private static void add(Bundle bundle, Resource resource) {
        bundle.addEntry()
                .setFullUrl(SYSTEM + ":" + resource.fhirType() + "/"
                        + resource.getIdElement().getIdPart())
                .setResource(resource);
    }

    private static Patient patient(PatientRecord record) {
        PatientProfile p = record.profile();
        Patient patient = new Patient();
        patient.setId(id(p.patient().value()));
        patient.addIdentifier()
                .setSystem(SYSTEM + "/patient")
                .setValue(p.patient().value());
        if (p.taj() != null) {
            patient.addIdentifier().setSystem(SYSTEM + "/taj").setValue(p.taj().digits());
        }
        patient.addName().setFamily(p.familyName()).addGiven(p.givenName());
        if (p.birthDate() != null) {
            patient.setBirthDateElement(new DateType(p.birthDate().toString()));
        }
        if (p.phone() != null) {
            patient.addTelecom()
                    .setSystem(ContactPoint.ContactPointSystem.PHONE)
                    .setValue(p.phone().e164());
        }
        if (p.email() != null) {
            patient.addTelecom()
                    .setSystem(ContactPoint.ContactPointSystem.EMAIL)
                    .setValue(p.email().value());
        }
        if (p.address() != null) {
            patient.addAddress().setText(p.address());
        }
        patient.addCommunication()
                .setLanguage(new CodeableConcept()
                        .addCoding(new Coding("urn:ietf:bcp:47", p.locale().toLanguageTag(), null)));
        patient.setActive(record.grant() != null && record.grant().isActive());
        return patient;
    }

    private static Appointment appointment(Reservation r, Reference subject) {
        Appointment a = new Appointment();
        a.setId(id(r.id().value()));
        a.addIdentifier().setSystem(SYSTEM + "/reservation").setValue(r.id().value());
        a.setStatus(
                switch (r.status()) {
                    case BOOKED -> Appointment.AppointmentStatus.BOOKED;
                    case CANCELLED -> Appointment.AppointmentStatus.CANCELLED;
                    case COMPLETED -> Appointment.AppointmentStatus.FULFILLED;
                    case NO_SHOW -> Appointment.AppointmentStatus.NOSHOW;
                });
        a.addServiceType(new CodeableConcept()
                .addCoding(new Coding(SYSTEM + "/service-type", r.serviceType().value(), null)));
        a.setStart(Date.from(r.start()));
        a.setEnd(Date.from(r.end()));
        a.addParticipant().setActor(subject.copy()).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        return a;
    }

    private static DocumentReference documentReference(ArchiveWriter.WrittenDocument w, Reference subject) {
        Document d = w.document().document();
        DocumentReference ref = new DocumentReference();
        ref.setId(id(d.id().value()));
        ref.addIdentifier().setSystem(SYSTEM + "/document").setValue(d.id().value());
        // Withdrawn documents are in staff's export only; FHIR's nearest status is "superseded". The portal's own
        // state is kept as a security label coding, so nothing is lost.
        ref.setStatus(
                d.state() == DocumentState.WITHDRAWN
                        ? Enumerations.DocumentReferenceStatus.SUPERSEDED
                        : Enumerations.DocumentReferenceStatus.CURRENT);
        ref.addSecurityLabel(new CodeableConcept()
                .addCoding(new Coding(SYSTEM + "/document-state", d.state().name(), null)));
        ref.setType(new CodeableConcept()
                .addCoding(new Coding(SYSTEM + "/document-type", d.type().value(), null)));
        ref.setSubject(subject.copy());
        ref.setDate(Date.from(d.createdAt()));
        Attachment attachment = new Attachment()
                .setContentType(d.mediaType())
                .setUrl(w.path())
                .setTitle(d.fileName())
                .setCreation(Date.from(d.createdAt()))
                .setHash(HexFormat.of().parseHex(w.sha1()));
        if (w.size() <= Integer.MAX_VALUE) {
            attachment.setSize((int) w.size());
        }
        ref.addContent().setAttachment(attachment);
        return ref;
    }

    /** A valid FHIR id for a portal id: itself when it fits, else {@code h-} and 32 hex digits of its SHA-256. */
    static String id(String value) {
        if (FHIR_ID.matcher(value).matches()) {
            return value;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "h-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
