package dev.patientportal.jpa.internal;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * {@link ContentStore} on {@code portal_document_content}: the bytes in a BLOB ({@code bytea} on PostgreSQL,
 * {@code LONGBLOB} on MariaDB), written in the publishing transaction, so a rolled-back publish leaves no orphan.
 * Content passes through memory once on write and read; hosts with very large files plug in their own store.
 */
public final class JpaContentStore implements ContentStore {
    private final EntityManagerProvider entityManagers;

    /**
     * Creates the store.
     *
     * @param entityManagers the current entity manager
     */
    public JpaContentStore(EntityManagerProvider entityManagers) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
    }

    @Override
    public void write(InstitutionId institution, DocumentId id, InputStream content, long length) {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("length must be between 0 and 2 GiB");
        }
        byte[] bytes;
        try {
            bytes = content.readNBytes((int) length);
            if (bytes.length != length) {
                throw new TemporaryFailureException("Document content was shorter than its declared length");
            }
        } catch (IOException e) {
            throw new TemporaryFailureException("Reading document content failed", e);
        }
        EntityManager em = em();
        try {
            DocumentKey key = new DocumentKey(institution.value(), id.value());
            ContentEntity e = em.find(ContentEntity.class, key);
            if (e == null) {
                e = new ContentEntity(key);
                e.content = bytes;
                e.sizeBytes = bytes.length;
                em.persist(e);
            } else if (!java.util.Arrays.equals(e.content, bytes)) {
                throw new ConflictException("Different content is already stored for this document");
            }
            em.flush();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Storing document content", e);
        }
    }

    @Override
    public InputStream read(InstitutionId institution, DocumentId id) {
        try {
            ContentEntity e = em().find(ContentEntity.class, new DocumentKey(institution.value(), id.value()));
            if (e == null) {
                throw new NotFoundException("document content");
            }
            return new ByteArrayInputStream(e.content);
        } catch (PersistenceException e) {
            throw Exceptions.translate("Reading document content", e);
        }
    }

    @Override
    public void delete(InstitutionId institution, DocumentId id) {
        EntityManager em = em();
        try {
            ContentEntity e = em.find(ContentEntity.class, new DocumentKey(institution.value(), id.value()));
            if (e != null) {
                em.remove(e);
                em.flush();
            }
        } catch (PersistenceException e) {
            throw Exceptions.translate("Deleting document content", e);
        }
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }
}
