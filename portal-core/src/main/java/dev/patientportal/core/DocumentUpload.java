package dev.patientportal.core;

import dev.patientportal.core.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * What staff enter when they publish a document, as in the clinic's "Documents" tab: the file, its type, whether the
 * patient can see it in the portal and whether the patient is notified.
 *
 * <pre>{@code
 * DocumentUpload upload = DocumentUpload.builder(patientId, DocumentType.of("LAB_RESULT"))
 *         .fileName("blood-count.pdf")
 *         .content(ContentSource.ofPath(file))
 *         .patientAccess(true)
 *         .notifyPatient(true)
 *         .build();
 * }</pre>
 *
 * @param patient the patient the document is for
 * @param type the institution's document type code
 * @param fileName the name the file was uploaded with; checked and used as the download name. Its extension must be
 *     one of the detected type's (a PDF named {@code x.html} is refused); a name without one is stored with the
 *     detected type's usual extension ({@code lelet} becomes {@code lelet.pdf}). Windows device names, floods of
 *     combining marks and double extensions ending in an executable type are refused
 * @param declaredMediaType the media type the uploader claimed, or {@code null}; the portal detects the real one
 * @param content the bytes
 * @param patientAccess {@code true} when the patient may see the document in the portal
 * @param notifyPatient {@code true} when the patient is notified; only allowed together with {@code patientAccess}
 */
public record DocumentUpload(
        PatientId patient,
        DocumentType type,
        String fileName,
        @Nullable String declaredMediaType,
        ContentSource content,
        boolean patientAccess,
        boolean notifyPatient) {

    /**
     * Checks the required fields.
     *
     * @param patient the patient the document is for
     * @param type the institution's document type code
     * @param fileName the name the file was uploaded with; checked and used as the download name. Its extension must be
     *     one of the detected type's (a PDF named {@code x.html} is refused); a name without one is stored with the
     *     detected type's usual extension ({@code lelet} becomes {@code lelet.pdf}). Windows device names, floods of
     *     combining marks and double extensions ending in an executable type are refused
     * @param declaredMediaType the media type the uploader claimed, or {@code null}; the portal detects the real one
     * @param content the bytes
     * @param patientAccess {@code true} when the patient may see the document in the portal
     * @param notifyPatient {@code true} when the patient is notified; only allowed together with {@code patientAccess}
     * @throws ValidationException naming the missing field
     */
    public DocumentUpload {
        if (patient == null) {
            throw new ValidationException("patient", "is required");
        }
        if (type == null) {
            throw new ValidationException("documentType", "is required");
        }
        if (fileName == null) {
            throw new ValidationException("fileName", "is required");
        }
        if (content == null) {
            throw new ValidationException("content", "is required");
        }
    }

    /**
     * Starts an upload for a patient.
     *
     * @param patient the patient
     * @param type the document type
     * @return a builder; patient access and notification default to off
     */
    public static Builder builder(PatientId patient, DocumentType type) {
        return new Builder(patient, type);
    }

    /** Builds a {@link DocumentUpload}. Not thread-safe. */
    public static final class Builder {
        private final PatientId patient;
        private final DocumentType type;
        private @Nullable String fileName;
        private @Nullable String declaredMediaType;
        private @Nullable ContentSource content;
        private boolean patientAccess;
        private boolean notifyPatient;

        private Builder(PatientId patient, DocumentType type) {
            this.patient = patient;
            this.type = type;
        }

        /**
         * Sets the file name.
         *
         * @param fileName the uploaded file's name
         * @return this builder
         */
        public Builder fileName(String fileName) {
            this.fileName = fileName;
            return this;
        }

        /**
         * Sets the media type the uploader declared; the portal checks it against the detected one.
         *
         * @param mediaType for example {@code application/pdf}
         * @return this builder
         */
        public Builder declaredMediaType(@Nullable String mediaType) {
            this.declaredMediaType = mediaType;
            return this;
        }

        /**
         * Sets the content.
         *
         * @param content the bytes' source
         * @return this builder
         */
        public Builder content(ContentSource content) {
            this.content = content;
            return this;
        }

        /**
         * Sets the content from memory.
         *
         * @param bytes the bytes
         * @return this builder
         */
        public Builder content(byte[] bytes) {
            this.content = ContentSource.ofBytes(bytes);
            return this;
        }

        /**
         * Sets whether the patient sees the document in the portal.
         *
         * @param patientAccess {@code true} for "patient access: yes"
         * @return this builder
         */
        public Builder patientAccess(boolean patientAccess) {
            this.patientAccess = patientAccess;
            return this;
        }

        /**
         * Sets whether the patient is notified.
         *
         * @param notifyPatient {@code true} for "notify patient: yes"
         * @return this builder
         */
        public Builder notifyPatient(boolean notifyPatient) {
            this.notifyPatient = notifyPatient;
            return this;
        }

        /**
         * Builds the upload.
         *
         * @return the upload
         * @throws ValidationException naming a missing field
         */
        public DocumentUpload build() {
            return new DocumentUpload(
                    patient,
                    type,
                    Checks.required("fileName", fileName),
                    declaredMediaType,
                    Checks.required("content", content),
                    patientAccess,
                    notifyPatient);
        }
    }

    /** Leaves out the file name, which is personal data. */
    @Override
    public String toString() {
        return "DocumentUpload[patient=" + patient + ", type=" + type + ", patientAccess=" + patientAccess
                + ", notifyPatient=" + notifyPatient + "]";
    }
}
