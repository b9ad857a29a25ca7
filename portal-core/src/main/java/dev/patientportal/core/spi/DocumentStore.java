package dev.patientportal.core.spi;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import java.util.List;
import java.util.Optional;

/**
 * Persists document metadata. The bytes go to a {@link ContentStore}.
 *
 * <p>The store does not decide what a patient may see: the portal asks it only for
 * {@link dev.patientportal.core.DocumentState#VISIBLE} documents of the session's patient on every patient read path,
 * and checks each result again.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread inside the unit of work of the operation (see
 * {@link TransactionRunner}); implementations join it and must be safe for concurrent use.
 */
public interface DocumentStore {
    /**
     * Stores a new document.
     *
     * @param document the document, version 1
     * @throws dev.patientportal.core.ConflictException when the id exists
     */
    void insert(Document document);

    /**
     * Finds a document by id within an institution.
     *
     * @param institution the institution
     * @param id the document
     * @return the document in any state, or empty
     */
    Optional<Document> find(InstitutionId institution, DocumentId id);

    /**
     * Replaces a document's metadata if, and only if, the stored version is {@code document.version() - 1}.
     *
     * @param document the new state
     * @throws dev.patientportal.core.ConflictException on a concurrent change
     * @throws dev.patientportal.core.NotFoundException when there is no such document
     */
    void update(Document document);

    /**
     * Lists a patient's documents matching a query, newest first, at most {@link DocumentQuery#limit()}.
     *
     * @param query the query
     * @return the documents, in order
     */
    List<Document> list(DocumentQuery query);

    /**
     * Counts a patient's documents matching a query; {@link DocumentQuery#after()} and the limit are ignored.
     *
     * @param query the query
     * @return how many match
     */
    long count(DocumentQuery query);
}
