package dev.patientportal.jpa.internal;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.DocumentQuery;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DocumentStore} on {@code portal_document}. The listing is a keyset query on
 * {@code (institution_id, patient_id, state, created_at DESC, document_id DESC)}: {@code created_at < :t OR
 * (created_at = :t AND document_id < :id)}, newest first, with a row limit; no offsets.
 */
public final class JpaDocumentStore implements DocumentStore {
    private final EntityManagerProvider entityManagers;

    /**
     * Creates the store.
     *
     * @param entityManagers the current entity manager
     */
    public JpaDocumentStore(EntityManagerProvider entityManagers) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
    }

    @Override
    public void insert(Document document) {
        EntityManager em = em();
        try {
            DocumentKey key = new DocumentKey(document.institution().value(), document.id().value());
            if (em.find(DocumentEntity.class, key) != null) {
                throw new ConflictException("A document with this id exists");
            }
            DocumentEntity e = new DocumentEntity(key);
            copy(document, e);
            em.persist(e);
            em.flush();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Storing the document", e);
        }
    }

    @Override
    public Optional<Document> find(InstitutionId institution, DocumentId id) {
        try {
            DocumentEntity e = em().find(DocumentEntity.class, new DocumentKey(institution.value(), id.value()));
            return Optional.ofNullable(e).map(JpaDocumentStore::toDocument);
        } catch (PersistenceException e) {
            throw Exceptions.translate("Reading the document", e);
        }
    }

    @Override
    public void update(Document document) {
        EntityManager em = em();
        try {
            DocumentKey key = new DocumentKey(document.institution().value(), document.id().value());
            DocumentEntity e = Locking.findForUpdate(em, DocumentEntity.class, key);
            if (e == null) {
                throw new NotFoundException("document");
            }
            if (e.version != document.version() - 1) {
                throw new ConflictException("The document was changed concurrently");
            }
            copy(document, e);
            em.flush();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Updating the document", e);
        }
    }

    @Override
    public List<Document> list(DocumentQuery query) {
        if (query.states().isEmpty()) {
            return List.of();
        }
        try {
            StringBuilder jpql = new StringBuilder("SELECT d FROM PortalDocument d");
            where(jpql, query, true);
            jpql.append(" ORDER BY d.createdAt DESC, d.key.documentId DESC");
            TypedQuery<DocumentEntity> q = em().createQuery(jpql.toString(), DocumentEntity.class);
            bind(q, query, true);
            return q.setMaxResults(query.limit()).getResultList().stream().map(JpaDocumentStore::toDocument).toList();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Listing documents", e);
        }
    }

    @Override
    public long count(DocumentQuery query) {
        if (query.states().isEmpty()) {
            return 0;
        }
        try {
            StringBuilder jpql = new StringBuilder("SELECT COUNT(d) FROM PortalDocument d");
            where(jpql, query, false);
            TypedQuery<Long> q = em().createQuery(jpql.toString(), Long.class);
            bind(q, query, false);
            Long n = q.getSingleResult();
            return n == null ? 0 : n;
        } catch (PersistenceException e) {
            throw Exceptions.translate("Counting documents", e);
        }
    }

    private static void where(StringBuilder jpql, DocumentQuery query, boolean withCursor) {
        jpql.append(" WHERE d.key.institutionId = :institution AND d.patientId = :patient AND d.state IN :states");
        if (query.type() != null) {
            jpql.append(" AND d.type = :type");
        }
        if (withCursor && query.after() != null) {
            jpql.append(" AND (d.createdAt < :afterAt OR (d.createdAt = :afterAt AND d.key.documentId < :afterId))");
        }
    }

    private static void bind(TypedQuery<?> q, DocumentQuery query, boolean withCursor) {
        q.setParameter("institution", query.institution().value());
        q.setParameter("patient", query.patient().value());
        q.setParameter("states", query.states().stream().map(Enum::name).sorted().toList());
        DocumentType type = query.type();
        if (type != null) {
            q.setParameter("type", type.value());
        }
        DocumentQuery.Position after = query.after();
        if (withCursor && after != null) {
            q.setParameter("afterAt", after.createdAt());
            q.setParameter("afterId", after.id().value());
        }
    }

    private static void copy(Document d, DocumentEntity e) {
        e.patientId = d.patient().value();
        e.type = d.type().value();
        e.fileName = d.fileName();
        e.mediaType = d.mediaType();
        e.sizeBytes = d.sizeBytes();
        e.sha256 = d.sha256();
        e.state = d.state().name();
        e.createdAt = d.createdAt();
        e.createdBy = d.createdBy().value();
        e.updatedAt = d.updatedAt();
        e.version = d.version();
    }

    static Document toDocument(DocumentEntity e) {
        return new Document(DocumentId.of(e.key.documentId), InstitutionId.of(e.key.institutionId),
                PatientId.of(e.patientId), DocumentType.of(e.type), e.fileName, e.mediaType, e.sizeBytes, e.sha256,
                DocumentState.valueOf(e.state), e.createdAt, StaffId.of(e.createdBy), e.updatedAt, e.version);
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }
}
