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
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DocumentStore} on {@code portal_document}. The listing is a keyset query that reads the index
 * {@code (institution_id, patient_id, state, created_at DESC, document_id DESC)} in order from the cursor on, newest
 * first, with a row limit and no offsets, so a page deep in a long list costs what the first one does. It is native SQL
 * with a fixed shape per number of states (the provider parses it once), read through a result mapping straight into
 * values ({@link DocumentRow}), so no entities are built or tracked; the cursor's form depends on the database (see
 * {@link #where}).
 */
public final class JpaDocumentStore implements DocumentStore {
    /** Hibernate's hint naming the tables a native query reads ({@code HibernateHints.HINT_NATIVE_SPACES}). */
    private static final String NATIVE_SPACES = "org.hibernate.query.native.spaces";

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
            DocumentKey key = new DocumentKey(
                    document.institution().value(), document.id().value());
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
            DocumentKey key = new DocumentKey(
                    document.institution().value(), document.id().value());
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
            EntityManager em = em();
            Listing listing = listing(query, SqlDialect.of(em));
            Query q = bind(em.createNativeQuery(listing.sql(), DocumentEntity.ROW_MAPPING), listing.params());
            // The rows are values, so there is nothing to mark read-only. Before it runs, only pending changes to
            // documents need flushing (Hibernate's query spaces; other providers ignore the hint).
            q.setHint(NATIVE_SPACES, "portal_document");
            @SuppressWarnings("unchecked")
            List<DocumentRow> rows = (List<DocumentRow>) q.getResultList();
            List<Document> out = new ArrayList<>(rows.size());
            for (DocumentRow row : rows) {
                out.add(row.toDocument());
            }
            return out;
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
            EntityManager em = em();
            StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM portal_document");
            List<Object> params = where(sql, query, SqlDialect.of(em), false);
            Object n = bind(em.createNativeQuery(sql.toString()), params).getSingleResult();
            return n == null ? 0 : ((Number) n).longValue();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Counting documents", e);
        }
    }

    /**
     * A listing's SQL and its positional parameters, in order.
     *
     * @param sql the native SQL
     * @param params the parameters ({@code ?1}, {@code ?2}, ...)
     */
    record Listing(String sql, List<Object> params) {}

    /**
     * The listing's SQL on a database. On MariaDB and MySQL it names the index: with the patient's equalities on its
     * first three columns their optimizer prefers a {@code ref} access on those and checks the cursor on every one of
     * the patient's rows before it (EXPLAIN 10,024 index condition checks 10,000 documents in), where the range that
     * starts at the cursor reads the page and no more (29).
     */
    static Listing listing(DocumentQuery query, SqlDialect dialect) {
        StringBuilder sql =
                new StringBuilder("SELECT ").append(DocumentRow.COLUMNS).append(" FROM portal_document");
        if (dialect.vendor() == SqlDialect.Vendor.MARIADB || dialect.vendor() == SqlDialect.Vendor.MYSQL) {
            sql.append(" FORCE INDEX (ix_portal_document_patient)");
        }
        List<Object> params = where(sql, query, dialect, true);
        // The index's order: no sort, and the scan stops after the limit. H2 reads an index in order only for an ORDER
        // BY that starts at its first column: with one state the leading three are constants, so naming them changes
        // nothing but that (5,401 rows scanned and sorted for the first of 5,400 documents without them, 21 with).
        sql.append(" ORDER BY ");
        if (dialect.vendor() == SqlDialect.Vendor.H2 && query.states().size() == 1) {
            sql.append("institution_id, patient_id, state, ");
        }
        sql.append("created_at DESC, document_id DESC LIMIT ?").append(params.size() + 1);
        params.add(query.limit());
        return new Listing(sql.toString(), params);
    }

    /**
     * Appends the conditions and returns their parameters, in order. One state is {@code state = ?}, several a fixed
     * {@code IN} list: a collection-valued parameter would make the provider translate the query on every call. The
     * cursor is the row-value comparison {@code (created_at, document_id) < (?, ?)} where the database reads it as a
     * range of the index (PostgreSQL); elsewhere {@code created_at <= ? AND (created_at < ? OR document_id < ?)}, whose
     * first term is the range and whose second only drops the rows of the cursor's own instant.
     */
    private static List<Object> where(StringBuilder sql, DocumentQuery query, SqlDialect dialect, boolean withCursor) {
        List<Object> params = new ArrayList<>(8);
        params.add(query.institution().value());
        params.add(query.patient().value());
        sql.append(" WHERE institution_id = ?1 AND patient_id = ?2 AND state");
        List<String> states = query.states().stream().map(Enum::name).sorted().toList();
        if (states.size() == 1) {
            sql.append(" = ?3");
            params.add(states.get(0));
        } else {
            sql.append(" IN (");
            for (int i = 0; i < states.size(); i++) {
                params.add(states.get(i));
                sql.append(i == 0 ? "?" : ", ?").append(params.size());
            }
            sql.append(')');
        }
        DocumentType type = query.type();
        if (type != null) {
            params.add(type.value());
            sql.append(" AND document_type = ?").append(params.size());
        }
        DocumentQuery.Position after = query.after();
        if (withCursor && after != null) {
            int at = params.size() + 1;
            params.add(after.createdAt());
            params.add(after.id().value());
            if (dialect.rowValueComparisonUsesIndex()) {
                sql.append(" AND (created_at, document_id) < (?")
                        .append(at)
                        .append(", ?")
                        .append(at + 1)
                        .append(')');
            } else {
                sql.append(" AND created_at <= ?")
                        .append(at)
                        .append(" AND (created_at < ?")
                        .append(at)
                        .append(" OR document_id < ?")
                        .append(at + 1)
                        .append(')');
            }
        }
        return params;
    }

    private static Query bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        return q;
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
        return new Document(
                DocumentId.of(e.key.documentId),
                InstitutionId.of(e.key.institutionId),
                PatientId.of(e.patientId),
                DocumentType.of(e.type),
                e.fileName,
                e.mediaType,
                e.sizeBytes,
                e.sha256,
                DocumentState.valueOf(e.state),
                e.createdAt,
                StaffId.of(e.createdBy),
                e.updatedAt,
                e.version);
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }
}
