package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code portal_document_chunk} (migration V12): a slice of a document's bytes, so that no statement moves
 * more than one slice and a reader holds one slice at a time.
 */
@Entity(name = "PortalDocumentChunk")
@Table(name = "portal_document_chunk")
public class ContentChunkEntity {
    @EmbeddedId
    Key key = new Key();

    // As ContentEntity's content: a long varbinary, bytea on PostgreSQL, longblob on MariaDB, BLOB on H2.
    @Column(name = "bytes", nullable = false, length = 1_000_000_000)
    byte[] bytes = new byte[0];

    /** For the persistence provider. */
    protected ContentChunkEntity() {}

    ContentChunkEntity(Key key, byte[] bytes) {
        this.key = key;
        this.bytes = bytes;
    }

    /** The primary key of a chunk: (institution, document id, sequence number from 0). */
    @Embeddable
    public static class Key implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Column(name = "institution_id", nullable = false, length = 128)
        String institutionId = "";

        @Column(name = "document_id", nullable = false, length = 128)
        String documentId = "";

        @Column(name = "seq", nullable = false)
        int seq;

        /** For the persistence provider. */
        protected Key() {}

        Key(DocumentKey document, int seq) {
            this.institutionId = document.institutionId;
            this.documentId = document.documentId;
            this.seq = seq;
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Key k
                    && k.seq == seq
                    && k.institutionId.equals(institutionId)
                    && k.documentId.equals(documentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(institutionId, documentId, seq);
        }
    }
}
