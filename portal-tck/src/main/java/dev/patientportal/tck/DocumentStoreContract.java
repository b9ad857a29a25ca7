package dev.patientportal.tck;

import static dev.patientportal.tck.Fresh.present;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.patientportal.testkit.Race;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DocumentStore} must do: find by institution and id, list one patient's documents newest first
 * (creation time descending, then id descending) with keyset pagination, filter by state and type, count without
 * cursor or limit, and compare-and-set on the version.
 */
public abstract class DocumentStoreContract extends SpiContract<DocumentStore> {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final DocumentType LAB = DocumentType.of("LAB_RESULT");
    private static final DocumentType LETTER = DocumentType.of("DISCHARGE_LETTER");
    private static final Set<DocumentState> ALL_STATES = EnumSet.allOf(DocumentState.class);

    private final InstitutionId institution = Fresh.institution();
    private final PatientId patient = Fresh.patient();

    /** For subclasses. */
    protected DocumentStoreContract() {}

    private DocumentStore store() {
        return underTest();
    }

    private Document document(
            InstitutionId inst, PatientId owner, DocumentType type, DocumentState state, Instant createdAt) {
        return new Document(
                DocumentId.random(),
                inst,
                owner,
                type,
                "result.pdf",
                "application/pdf",
                1234,
                "0".repeat(64),
                state,
                createdAt,
                StaffId.of("staff-contract"),
                createdAt,
                1);
    }

    private Document stored(DocumentType type, DocumentState state, Instant createdAt) {
        Document d = document(institution, patient, type, state, createdAt);
        inUnitOfWork(() -> store().insert(d));
        return d;
    }

    private DocumentQuery query(
            Set<DocumentState> states, @Nullable DocumentType type, DocumentQuery.@Nullable Position after, int limit) {
        return new DocumentQuery(institution, patient, states, type, after, limit);
    }

    private static List<Document> newestFirst(List<Document> docs) {
        List<Document> sorted = new ArrayList<>(docs);
        sorted.sort(Comparator.comparing(Document::createdAt)
                .thenComparing(d -> d.id().value())
                .reversed());
        return sorted;
    }

    @Nested
    @DisplayName("inserts and finds")
    class InsertsAndFinds {
        @Test
        @DisplayName("an inserted document is found by institution and id, with every field as stored")
        void insert_thenFind_returnsEqualDocument() {
            Document d = new Document(
                    DocumentId.random(),
                    institution,
                    patient,
                    LAB,
                    "lelet_árvíztűrő.pdf",
                    "application/pdf",
                    98765,
                    "ab".repeat(32),
                    DocumentState.HIDDEN,
                    T0,
                    StaffId.of("staff-7"),
                    T0.plusSeconds(30),
                    1);
            inUnitOfWork(() -> store().insert(d));

            assertThat(inUnitOfWork(() -> store().find(institution, d.id()))).contains(d);
        }

        @Test
        @DisplayName("a document is not found through another institution or an unknown id")
        void find_otherInstitutionOrUnknownId_isEmpty() {
            Document d = stored(LAB, DocumentState.VISIBLE, T0);

            assertThat(inUnitOfWork(() -> store().find(Fresh.institution(), d.id())))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().find(institution, DocumentId.random())))
                    .isEmpty();
        }

        @Test
        @DisplayName("inserting an id that exists is a conflict and keeps the first document")
        void insert_existingId_conflicts() {
            Document d = stored(LAB, DocumentState.VISIBLE, T0);
            Document again = new Document(
                    d.id(),
                    institution,
                    patient,
                    LETTER,
                    "other.pdf",
                    "application/pdf",
                    1,
                    "1".repeat(64),
                    DocumentState.HIDDEN,
                    T0.plusSeconds(1),
                    StaffId.of("staff-2"),
                    T0,
                    1);

            assertThatThrownBy(() -> inUnitOfWork(() -> store().insert(again))).isInstanceOf(ConflictException.class);
            assertThat(inUnitOfWork(() -> store().find(institution, d.id()))).contains(d);
        }
    }

    @Nested
    @DisplayName("lists and counts")
    class ListsAndCounts {
        @Test
        @DisplayName("list returns newest first, and documents created at the same instant by id descending")
        void list_ordersByCreatedAtThenIdDescending() {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                docs.add(stored(LAB, DocumentState.VISIBLE, T0.plusSeconds(i % 3)));
            }

            assertThat(inUnitOfWork(() -> store().list(query(ALL_STATES, null, null, 100))))
                    .containsExactlyElementsOf(newestFirst(docs));
        }

        @Test
        @DisplayName("list returns only the patient's documents of the institution in the asked states and type")
        void list_filtersByPatientInstitutionStateAndType() {
            Document visibleLab = stored(LAB, DocumentState.VISIBLE, T0);
            Document hiddenLab = stored(LAB, DocumentState.HIDDEN, T0.plusSeconds(1));
            Document withdrawnLab = stored(LAB, DocumentState.WITHDRAWN, T0.plusSeconds(2));
            Document visibleLetter = stored(LETTER, DocumentState.VISIBLE, T0.plusSeconds(3));
            Document otherPatient = document(institution, Fresh.patient(), LAB, DocumentState.VISIBLE, T0);
            Document otherInstitution = document(Fresh.institution(), patient, LAB, DocumentState.VISIBLE, T0);
            inUnitOfWork(() -> store().insert(otherPatient));
            inUnitOfWork(() -> store().insert(otherInstitution));

            assertThat(inUnitOfWork(() -> store().list(query(Set.of(DocumentState.VISIBLE), null, null, 100))))
                    .containsExactly(visibleLetter, visibleLab);
            assertThat(inUnitOfWork(() -> store().list(query(Set.of(DocumentState.VISIBLE), LAB, null, 100))))
                    .containsExactly(visibleLab);
            assertThat(inUnitOfWork(() -> store().list(
                                    query(EnumSet.of(DocumentState.HIDDEN, DocumentState.WITHDRAWN), LAB, null, 100))))
                    .containsExactly(withdrawnLab, hiddenLab);
            assertThat(inUnitOfWork(() -> store().list(query(ALL_STATES, null, null, 100))))
                    .containsExactly(visibleLetter, withdrawnLab, hiddenLab, visibleLab);
            assertThat(inUnitOfWork(() -> store().list(query(Set.of(), null, null, 100))))
                    .isEmpty();
        }

        @Test
        @DisplayName("list returns at most the limit, from the newest")
        void list_respectsLimit() {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                docs.add(stored(LAB, DocumentState.VISIBLE, T0.plusSeconds(i)));
            }

            assertThat(inUnitOfWork(() -> store().list(query(ALL_STATES, null, null, 2))))
                    .containsExactlyElementsOf(newestFirst(docs).subList(0, 2));
        }

        @Test
        @DisplayName("keyset pagination over many documents, many created at the same instant, returns each "
                + "exactly once in order")
        void list_keysetPagination_returnsEveryDocumentOnceInOrder() {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 57; i++) {
                docs.add(stored(i % 4 == 0 ? LETTER : LAB, DocumentState.VISIBLE, T0.plusSeconds(i % 5)));
            }
            List<Document> seen = new ArrayList<>();
            DocumentQuery.Position after = null;
            for (int page = 0; page < 100; page++) {
                DocumentQuery.Position cursor = after;
                List<Document> items = inUnitOfWork(() -> store().list(query(ALL_STATES, null, cursor, 7)));
                assertThat(items).hasSizeLessThanOrEqualTo(7);
                if (items.isEmpty()) {
                    break;
                }
                seen.addAll(items);
                Document last = items.get(items.size() - 1);
                after = new DocumentQuery.Position(last.createdAt(), last.id());
            }

            assertThat(seen).containsExactlyElementsOf(newestFirst(docs));
        }

        @Test
        @DisplayName("a cursor skips exactly the documents up to and including its position")
        void list_afterCursor_startsStrictlyAfterPosition() {
            List<Document> ordered = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ordered.add(stored(LAB, DocumentState.VISIBLE, T0.plusSeconds(i / 2)));
            }
            ordered = newestFirst(ordered);
            Document pivot = ordered.get(2);

            assertThat(inUnitOfWork(() -> store().list(query(
                            ALL_STATES, null, new DocumentQuery.Position(pivot.createdAt(), pivot.id()), 100))))
                    .containsExactlyElementsOf(ordered.subList(3, 6));
        }

        @Test
        @DisplayName("count counts what list would return, ignoring the cursor and the limit")
        void count_ignoresCursorAndLimit() {
            Document newest = null;
            for (int i = 0; i < 9; i++) {
                newest = stored(
                        i < 6 ? LAB : LETTER,
                        i % 3 == 0 ? DocumentState.HIDDEN : DocumentState.VISIBLE,
                        T0.plusSeconds(i));
            }
            Document last = present(newest);
            DocumentQuery.Position cursor = new DocumentQuery.Position(last.createdAt(), last.id());

            assertThat(inUnitOfWork(() -> store().count(query(Set.of(DocumentState.VISIBLE), null, cursor, 1))))
                    .isEqualTo(6);
            assertThat(inUnitOfWork(() -> store().count(query(Set.of(DocumentState.VISIBLE), LAB, null, 1))))
                    .isEqualTo(4);
            assertThat(inUnitOfWork(() -> store().count(query(ALL_STATES, null, null, 1))))
                    .isEqualTo(9);
            assertThat(inUnitOfWork(() ->
                            store().count(new DocumentQuery(institution, Fresh.patient(), ALL_STATES, null, null, 1))))
                    .isZero();
        }
    }

    @Nested
    @DisplayName("updates")
    class Updates {
        @Test
        @DisplayName("an update with the next version replaces the document; list and count see the new state")
        void update_nextVersion_replacesDocument() {
            Document d = stored(LAB, DocumentState.HIDDEN, T0);
            Document visible = d.withState(DocumentState.VISIBLE, T0.plusSeconds(60));
            inUnitOfWork(() -> store().update(visible));

            assertThat(inUnitOfWork(() -> store().find(institution, d.id()))).contains(visible);
            assertThat(inUnitOfWork(() -> store().list(query(Set.of(DocumentState.VISIBLE), null, null, 10))))
                    .containsExactly(visible);
            assertThat(inUnitOfWork(() -> store().count(query(Set.of(DocumentState.HIDDEN), null, null, 10))))
                    .isZero();
        }

        @Test
        @DisplayName("an update based on a stale version is a conflict and changes nothing")
        void update_staleVersion_conflicts() {
            Document d = stored(LAB, DocumentState.HIDDEN, T0);
            Document v2 = d.withState(DocumentState.VISIBLE, T0.plusSeconds(1));
            inUnitOfWork(() -> store().update(v2));
            Document alsoV2 = d.withState(DocumentState.WITHDRAWN, T0.plusSeconds(2));
            Document v4 = v2.withState(DocumentState.HIDDEN, T0).withState(DocumentState.WITHDRAWN, T0);

            assertThatThrownBy(() -> inUnitOfWork(() -> store().update(alsoV2))).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> inUnitOfWork(() -> store().update(v4))).isInstanceOf(ConflictException.class);
            assertThat(inUnitOfWork(() -> store().find(institution, d.id()))).contains(v2);
        }

        @Test
        @DisplayName("an update of a document that does not exist is not found")
        void update_unknownDocument_notFound() {
            Document ghost = document(institution, patient, LAB, DocumentState.HIDDEN, T0);

            assertThatThrownBy(() -> inUnitOfWork(() -> store().update(ghost.withState(DocumentState.VISIBLE, T0))))
                    .isInstanceOf(NotFoundException.class);
            assertThat(inUnitOfWork(() -> store().find(institution, ghost.id())))
                    .isEmpty();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("20 threads updating the same version: exactly one wins, the others get ConflictException")
        void update_concurrentSameVersion_exactlyOneWins() {
            Document d = stored(LAB, DocumentState.HIDDEN, T0);

            List<Race.Outcome<Document>> outcomes = Race.run(20, i -> () -> {
                Document mine = d.withState(
                        i % 2 == 0 ? DocumentState.VISIBLE : DocumentState.WITHDRAWN, T0.plusSeconds(i + 1L));
                inUnitOfWork(() -> store().update(mine));
                return mine;
            });

            List<Document> winners = outcomes.stream()
                    .filter(Race.Outcome::succeeded)
                    .map(Race.Outcome::result)
                    .toList();
            assertThat(winners).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure))
                    .hasSize(19)
                    .allSatisfy(f -> assertThat(f).isInstanceOf(ConflictException.class));
            assertThat(inUnitOfWork(() -> store().find(institution, d.id()))).contains(winners.get(0));
        }
    }
}
