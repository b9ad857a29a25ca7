package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One row of {@code portal_document_content}: a document's bytes, written once. */
@Entity(name = "PortalDocumentContent")
@Table(name = "portal_document_content")
public class ContentEntity {
    @EmbeddedId
    DocumentKey key = new DocumentKey();

    @Column(name = "size_bytes", nullable = false)
    long sizeBytes;

    // No @Lob: that would be an oid large object on PostgreSQL. A long varbinary is bytea there, longblob on MariaDB.
    @Column(name = "content", nullable = false, length = 1_000_000_000)
    byte[] content = new byte[0];

    /** For the persistence provider. */
    protected ContentEntity() {}

    ContentEntity(DocumentKey key) {
        this.key = key;
    }
}
