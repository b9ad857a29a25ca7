package dev.patientportal.core.spi;

import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import java.io.InputStream;

/**
 * Holds the bytes of documents, so a host can keep them in its own document system. The portal has already checked
 * size, media type and checksum when it calls {@link #write}.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread inside the unit of work of a publish or an open;
 * must be safe for concurrent use. A store that is not transactional should make {@link #write} idempotent, since a
 * publish whose transaction rolls back may be retried with a new document id and leave an orphan behind; orphans are
 * harmless (nothing refers to them) and may be swept.
 */
public interface ContentStore {
    /**
     * Stores content.
     *
     * @param institution the institution
     * @param id the document
     * @param content the bytes; the store reads it to the end but does not close it
     * @param length how many bytes the stream holds
     * @throws dev.patientportal.core.TemporaryFailureException when storage fails
     */
    void write(InstitutionId institution, DocumentId id, InputStream content, long length);

    /**
     * Opens stored content.
     *
     * @param institution the institution
     * @param id the document
     * @return a stream the caller closes
     * @throws dev.patientportal.core.NotFoundException when there is no content for the document
     * @throws dev.patientportal.core.TemporaryFailureException when storage fails
     */
    InputStream read(InstitutionId institution, DocumentId id);

    /**
     * Deletes content, if present. The portal does not call this today: withdrawn documents keep their bytes for the
     * clinic's records. Hosts may use it for retention.
     *
     * @param institution the institution
     * @param id the document
     */
    default void delete(InstitutionId institution, DocumentId id) {}
}
