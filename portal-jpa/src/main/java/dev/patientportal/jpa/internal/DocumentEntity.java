package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.ColumnResult;
import jakarta.persistence.ConstructorResult;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.SqlResultSetMapping;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One row of {@code portal_document}: a document's metadata. The patient's listing reads the index
 * {@code (institution_id, patient_id, state, created_at DESC, document_id DESC)}; ids compare bytewise (ASCII) on every
 * database so the keyset order matches {@link dev.patientportal.core.spi.DocumentQuery#isAfterCursor}.
 */
@Entity(name = "PortalDocument")
@Table(name = "portal_document")
@SqlResultSetMapping(
        name = DocumentEntity.ROW_MAPPING,
        classes =
                @ConstructorResult(
                        targetClass = DocumentRow.class,
                        columns = {
                            @ColumnResult(name = "institution_id", type = String.class),
                            @ColumnResult(name = "document_id", type = String.class),
                            @ColumnResult(name = "patient_id", type = String.class),
                            @ColumnResult(name = "document_type", type = String.class),
                            @ColumnResult(name = "file_name", type = String.class),
                            @ColumnResult(name = "media_type", type = String.class),
                            @ColumnResult(name = "size_bytes", type = Long.class),
                            @ColumnResult(name = "sha256", type = String.class),
                            @ColumnResult(name = "state", type = String.class),
                            @ColumnResult(name = "created_at", type = Instant.class),
                            @ColumnResult(name = "created_by", type = String.class),
                            @ColumnResult(name = "updated_at", type = Instant.class),
                            @ColumnResult(name = "version", type = Long.class)
                        }))
public class DocumentEntity {
    /** The result mapping of the listing's native query into {@link DocumentRow}s. */
    static final String ROW_MAPPING = "PortalDocumentRow";

    @EmbeddedId
    DocumentKey key = new DocumentKey();

    @Column(name = "patient_id", nullable = false, length = 128)
    String patientId = "";

    @Column(name = "document_type", nullable = false, length = 128)
    String type = "";

    @Column(name = "file_name", nullable = false, length = 255)
    String fileName = "";

    @Column(name = "media_type", nullable = false, length = 255)
    String mediaType = "";

    @Column(name = "size_bytes", nullable = false)
    long sizeBytes;

    @Column(name = "sha256", nullable = false, length = 64)
    String sha256 = "";

    @Column(name = "state", nullable = false, length = 16)
    String state = "";

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "created_by", nullable = false, length = 128)
    String createdBy = "";

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    @Column(name = "version", nullable = false)
    long version;

    /** For the persistence provider. */
    protected DocumentEntity() {}

    DocumentEntity(DocumentKey key) {
        this.key = key;
    }
}
