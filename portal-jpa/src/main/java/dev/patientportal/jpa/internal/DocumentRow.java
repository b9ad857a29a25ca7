package dev.patientportal.jpa.internal;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.StaffId;
import java.time.Instant;

/**
 * A row of the document listing, read by the {@code PortalDocumentRow} result mapping of {@link DocumentEntity}
 * straight into values: no entity is created, so nothing enters the persistence context (no snapshot, no dirty check at
 * commit, and no stale or read-only instance for a later {@code find} in the same unit of work to return).
 *
 * @param institutionId {@code institution_id}
 * @param documentId {@code document_id}
 * @param patientId {@code patient_id}
 * @param type {@code document_type}
 * @param fileName {@code file_name}
 * @param mediaType {@code media_type}
 * @param sizeBytes {@code size_bytes}
 * @param sha256 {@code sha256}
 * @param state {@code state}
 * @param createdAt {@code created_at}
 * @param createdBy {@code created_by}
 * @param updatedAt {@code updated_at}
 * @param version {@code version}
 */
public record DocumentRow(
        String institutionId,
        String documentId,
        String patientId,
        String type,
        String fileName,
        String mediaType,
        Long sizeBytes,
        String sha256,
        String state,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        Long version) {
    /** The columns, in the order of the record, for a {@code SELECT}. */
    static final String COLUMNS = "institution_id, document_id, patient_id, document_type, file_name, media_type,"
            + " size_bytes, sha256, state, created_at, created_by, updated_at, version";

    Document toDocument() {
        return new Document(
                DocumentId.of(documentId),
                InstitutionId.of(institutionId),
                PatientId.of(patientId),
                DocumentType.of(type),
                fileName,
                mediaType,
                sizeBytes,
                sha256,
                DocumentState.valueOf(state),
                createdAt,
                StaffId.of(createdBy),
                updatedAt,
                version);
    }
}
