package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code portal_document_content}: a document's size and, since V12, the number of its chunks
 * ({@link ContentChunkEntity}); content written before V12 is in this row. Written once.
 */
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

    // Migration V12: how many rows of portal_document_chunk hold the bytes; null for content written before V12,
    // which is in the content column above (empty for chunked content).
    @Column(name = "chunk_count")
    @Nullable
    Integer chunkCount;

    /** For the persistence provider. */
    protected ContentEntity() {}

    ContentEntity(DocumentKey key) {
        this.key = key;
    }
}
