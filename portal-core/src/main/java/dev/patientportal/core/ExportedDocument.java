package dev.patientportal.core;

import java.util.Objects;

/**
 * One document of a {@link PatientRecord}: its metadata, and its bytes opened only when asked for, so that an export
 * streams each document from the content store instead of holding it in memory.
 *
 * @param document the metadata, as the portal holds it
 * @param content opens the stored bytes; each call opens a fresh stream, which the caller closes. The visibility check
 *     was made when the record was collected: a document withdrawn since is still in this export
 */
public record ExportedDocument(Document document, ContentSource content) {
    /**
     * Checks the fields.
     *
     * @param document the metadata
     * @param content opens the stored bytes
     */
    public ExportedDocument {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(content, "content");
    }
}
