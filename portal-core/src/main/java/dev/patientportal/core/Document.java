package dev.patientportal.core;

import java.time.Instant;

/**
 * A document the clinic published for a patient: its metadata. The bytes are in a
 * {@link dev.patientportal.core.spi.ContentStore}.
 *
 * <p>The file name is personal data (it often names a finding), so {@link #toString()} leaves it out.
 *
 * @param id the document
 * @param institution the institution that published it
 * @param patient the patient it belongs to
 * @param type the institution's document type code
 * @param fileName the safe file name the patient downloads it as
 * @param mediaType the media type detected from the content, for example {@code application/pdf}
 * @param sizeBytes the content's length
 * @param sha256 the SHA-256 checksum of the content, lower-case hex
 * @param state whether the patient sees it
 * @param createdAt when it was published
 * @param createdBy who published it
 * @param updatedAt when its state last changed
 * @param version the optimistic-lock version, starting at 1
 */
public record Document(
        DocumentId id,
        InstitutionId institution,
        PatientId patient,
        DocumentType type,
        String fileName,
        String mediaType,
        long sizeBytes,
        String sha256,
        DocumentState state,
        Instant createdAt,
        StaffId createdBy,
        Instant updatedAt,
        long version) {

    /**
     * Checks the fields.
     *
     * @param id the document
     * @param institution the institution that published it
     * @param patient the patient it belongs to
     * @param type the institution's document type code
     * @param fileName the safe file name the patient downloads it as
     * @param mediaType the media type detected from the content, for example {@code application/pdf}
     * @param sizeBytes the content's length
     * @param sha256 the SHA-256 checksum of the content, lower-case hex
     * @param state whether the patient sees it
     * @param createdAt when it was published
     * @param createdBy who published it
     * @param updatedAt when its state last changed
     * @param version the optimistic-lock version, starting at 1
     */
    public Document {
        java.util.Objects.requireNonNull(id, "id");
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(patient, "patient");
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(fileName, "fileName");
        java.util.Objects.requireNonNull(mediaType, "mediaType");
        java.util.Objects.requireNonNull(sha256, "sha256");
        java.util.Objects.requireNonNull(state, "state");
        java.util.Objects.requireNonNull(createdAt, "createdAt");
        java.util.Objects.requireNonNull(createdBy, "createdBy");
        java.util.Objects.requireNonNull(updatedAt, "updatedAt");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }

    /**
     * Returns a copy in another state, one version later.
     *
     * @param newState the new state
     * @param at when the change happened
     * @return the changed document
     */
    public Document withState(DocumentState newState, Instant at) {
        return new Document(
                id,
                institution,
                patient,
                type,
                fileName,
                mediaType,
                sizeBytes,
                sha256,
                newState,
                createdAt,
                createdBy,
                at,
                version + 1);
    }

    /** Leaves out the file name, which is personal data. */
    @Override
    public String toString() {
        return "Document[id=" + id + ", institution=" + institution + ", patient=" + patient + ", type=" + type
                + ", mediaType=" + mediaType + ", sizeBytes=" + sizeBytes + ", state=" + state + ", version="
                + version + "]";
    }
}
