package dev.patientportal.testkit;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.spi.DocumentQuery;
import dev.patientportal.core.spi.DocumentStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Document metadata held in memory: newest first ({@code createdAt} descending, then id descending), keyset pagination
 * through {@link DocumentQuery#isAfterCursor}, compare-and-set on the version.
 *
 * <p>Thread-safe: every operation runs under one lock.
 */
public final class InMemoryDocumentStore implements DocumentStore {
    /** The order every {@link DocumentStore#list} returns: newest first, then id descending. */
    private static final Comparator<Document> NEWEST_FIRST = Comparator.comparing(Document::createdAt)
            .thenComparing(d -> d.id().value())
            .reversed();

    private final Map<Keys.Doc, Document> documents = new HashMap<>();

    /** Creates an empty store. */
    public InMemoryDocumentStore() {}

    @Override
    public synchronized void insert(Document document) {
        Objects.requireNonNull(document, "document");
        Keys.Doc key = new Keys.Doc(document.institution(), document.id());
        if (documents.containsKey(key)) {
            throw new ConflictException("A document with this id exists");
        }
        documents.put(key, document);
    }

    @Override
    public synchronized Optional<Document> find(InstitutionId institution, DocumentId id) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(documents.get(new Keys.Doc(institution, id)));
    }

    @Override
    public synchronized void update(Document document) {
        Objects.requireNonNull(document, "document");
        Keys.Doc key = new Keys.Doc(document.institution(), document.id());
        Document stored = documents.get(key);
        if (stored == null) {
            throw new NotFoundException("No such document");
        }
        if (stored.version() != document.version() - 1) {
            throw new ConflictException("The document changed concurrently");
        }
        documents.put(key, document);
    }

    @Override
    public synchronized List<Document> list(DocumentQuery query) {
        Objects.requireNonNull(query, "query");
        return matching(query)
                .filter(d -> query.isAfterCursor(d.createdAt(), d.id()))
                .sorted(NEWEST_FIRST)
                .limit(query.limit())
                .toList();
    }

    @Override
    public synchronized long count(DocumentQuery query) {
        Objects.requireNonNull(query, "query");
        return matching(query).count();
    }

    /**
     * Returns every stored document, for assertions.
     *
     * @return a snapshot, newest first
     */
    public synchronized List<Document> all() {
        return documents.values().stream().sorted(NEWEST_FIRST).toList();
    }

    /** Removes every document. */
    public synchronized void clear() {
        documents.clear();
    }

    private Stream<Document> matching(DocumentQuery query) {
        return documents.values().stream()
                .filter(d -> d.institution().equals(query.institution()))
                .filter(d -> d.patient().equals(query.patient()))
                .filter(d -> query.states().contains(d.state()))
                .filter(d -> query.type() == null || d.type().equals(query.type()));
    }
}
