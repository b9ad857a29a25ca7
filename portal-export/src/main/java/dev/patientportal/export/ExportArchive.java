package dev.patientportal.export;

import dev.patientportal.core.ExportedDocument;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.export.internal.ArchiveWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes a {@link PatientRecord} as one ZIP archive, streamed: each document's bytes go from the content store's stream
 * into the archive through a small buffer, never whole in memory, so an export of any size needs the same small heap.
 *
 * <p>The archive holds, in this order:
 *
 * <ul>
 *   <li>{@code documents/<id>-<file name>}: the bytes of every document in the record (for a patient's own export only
 *       the visible ones; for staff's, all of them);
 *   <li>{@code grant.json}, {@code profile.json}, {@code reservations.json} (active and history),
 *       {@code documents.json} (metadata, with each file's path, size and SHA-256 as written),
 *       {@code access-log.json}, {@code notifications.json} (type, channel, time, outcome; never a text): JSON written
 *       with Jackson;
 *   <li>{@code fhir/bundle.json}: a FHIR R4 {@code Bundle} (type {@code collection}) of the same data, one
 *       {@code Patient}, an {@code Appointment} per reservation and a {@code DocumentReference} per document, whose
 *       attachment points at the document's file in the archive ({@code url}) with its size and SHA-1
 *       ({@code hash}). Only when HAPI FHIR's R4 structures ({@code ca.uhn.hapi.fhir:hapi-fhir-structures-r4}) are on
 *       the class path; see {@link #fhirAvailable()};
 *   <li>{@code manifest.json}: whose export, when, and which files it holds.
 * </ul>
 *
 * <pre>{@code
 * PatientRecord record = portal.patient(sessionToken).export();   // audited once
 * response.setContentType("application/zip");
 * ExportArchive.write(record, response.getOutputStream());
 * }</pre>
 */
public final class ExportArchive {
    private ExportArchive() {}

    /**
     * Writes the archive. Finishes the ZIP and flushes {@code out}, but does not close it.
     *
     * @param record the record to write
     * @param out where the archive goes
     * @throws IOException when {@code out} fails, or a document's content cannot be read
     *     ({@link ExportedDocument#content()})
     */
    public static void write(PatientRecord record, OutputStream out) throws IOException {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(out, "out");
        new ArchiveWriter(record, fhirAvailable()).write(out);
    }

    /**
     * Writes the archive without the FHIR bundle, even when HAPI FHIR is on the class path.
     *
     * @param record the record to write
     * @param out where the archive goes; finished and flushed, not closed
     * @throws IOException when {@code out} fails, or a document's content cannot be read
     */
    public static void writeWithoutFhir(PatientRecord record, OutputStream out) throws IOException {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(out, "out");
        new ArchiveWriter(record, false).write(out);
    }

    /**
     * Whether archives get the FHIR R4 bundle: HAPI FHIR's R4 structures and base are on the class path.
     *
     * @return {@code true} when {@link #write} adds {@code fhir/bundle.json}
     */
    public static boolean fhirAvailable() {
        return ArchiveWriter.fhirOnClassPath();
    }
}
