package dev.patientportal.testkit;

import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Document bytes held in memory. Writing the same document again replaces its bytes, so a retried write is harmless.
 *
 * <p>Thread-safe.
 */
public final class InMemoryContentStore implements ContentStore {
    private final ConcurrentMap<Keys.Doc, byte[]> contents = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryContentStore() {}

    /**
     * Stores content.
     *
     * @param institution the institution
     * @param id the document
     * @param content the bytes; read to the end, not closed
     * @param length how many bytes the stream holds
     * @throws IllegalArgumentException when the stream does not hold exactly {@code length} bytes
     * @throws TemporaryFailureException when the stream cannot be read
     */
    @Override
    public void write(InstitutionId institution, DocumentId id, InputStream content, long length) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        byte[] bytes;
        try {
            bytes = content.readAllBytes();
        } catch (IOException e) {
            throw new TemporaryFailureException("Reading the content to store failed", e);
        }
        if (bytes.length != length) {
            throw new IllegalArgumentException("the stream holds " + bytes.length + " bytes, not " + length);
        }
        contents.put(new Keys.Doc(institution, id), bytes);
    }

    @Override
    public InputStream read(InstitutionId institution, DocumentId id) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(id, "id");
        byte[] bytes = contents.get(new Keys.Doc(institution, id));
        if (bytes == null) {
            throw new NotFoundException("No content for this document");
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public void delete(InstitutionId institution, DocumentId id) {
        contents.remove(new Keys.Doc(institution, id));
    }

    /**
     * Returns a copy of stored bytes, for assertions.
     *
     * @param institution the institution
     * @param id the document
     * @return the bytes, or empty
     */
    public Optional<byte[]> bytes(InstitutionId institution, DocumentId id) {
        byte[] bytes = contents.get(new Keys.Doc(institution, id));
        return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }

    /**
     * Returns how many documents have content stored.
     *
     * @return the count
     */
    public int size() {
        return contents.size();
    }

    /** Removes all content. */
    public void clear() {
        contents.clear();
    }
}
