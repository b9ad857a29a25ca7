package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The primary key of a document and of its content: (institution, document id). */
@Embeddable
public class DocumentKey implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Column(name = "institution_id", nullable = false, length = 128)
    String institutionId = "";

    @Column(name = "document_id", nullable = false, length = 128)
    String documentId = "";

    /** For the persistence provider. */
    protected DocumentKey() {}

    DocumentKey(String institutionId, String documentId) {
        this.institutionId = institutionId;
        this.documentId = documentId;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof DocumentKey k && k.institutionId.equals(institutionId) && k.documentId.equals(documentId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(institutionId, documentId);
    }
}
