package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.DocumentQuery;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the document contract cannot see, per database: the listing reads its rows without snapshots (a read-only
 * hint), and that must not make a change in the same unit of work vanish; a multi-state listing and its count agree.
 */
class JpaDocumentStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-docs");
    private static final PatientId PATIENT = PatientId.of("p-docs");

    private static Document document(int n, DocumentState state) {
        return new Document(
                DocumentId.of("doc-" + n),
                CLINIC,
                PATIENT,
                DocumentType.of("LAB"),
                "r.pdf",
                "application/pdf",
                10,
                "0".repeat(64),
                state,
                T0.plusSeconds(n),
                StaffId.of("staff"),
                T0.plusSeconds(n),
                1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("a document listed and then changed in one unit of work keeps the change; the listing shows it next")
    void listThenUpdate_inOneUnit_persistsTheChange(DatabaseKind kind) {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            DocumentStore store = JpaStores.create(tx).documents();
            tx.useTransaction(() -> {
                for (int i = 0; i < 5; i++) {
                    store.insert(document(i, i % 2 == 0 ? DocumentState.VISIBLE : DocumentState.HIDDEN));
                }
            });
            DocumentQuery visible = new DocumentQuery(CLINIC, PATIENT, Set.of(DocumentState.VISIBLE), null, null, 10);

            tx.useTransaction(() -> {
                Document listed = store.list(visible).get(0);
                assertThat(listed.id()).isEqualTo(DocumentId.of("doc-4"));
                Document hidden = new Document(
                        listed.id(),
                        CLINIC,
                        PATIENT,
                        listed.type(),
                        listed.fileName(),
                        listed.mediaType(),
                        listed.sizeBytes(),
                        listed.sha256(),
                        DocumentState.HIDDEN,
                        listed.createdAt(),
                        listed.createdBy(),
                        T0.plusSeconds(60),
                        listed.version() + 1);
                store.update(hidden);
                assertThat(store.find(CLINIC, listed.id())).contains(hidden);
                assertThat(store.list(visible)).extracting(d -> d.id().value()).containsExactly("doc-2", "doc-0");
            });

            assertThat(tx.inTransaction(() -> store.find(CLINIC, DocumentId.of("doc-4"))))
                    .hasValueSatisfying(d -> assertThat(d.state()).isEqualTo(DocumentState.HIDDEN));
            DocumentQuery both = new DocumentQuery(
                    CLINIC, PATIENT, Set.of(DocumentState.VISIBLE, DocumentState.HIDDEN), null, null, 10);
            List<Document> all = tx.inTransaction(() -> store.list(both));
            assertThat(all)
                    .extracting(d -> d.id().value())
                    .containsExactly("doc-4", "doc-3", "doc-2", "doc-1", "doc-0");
            assertThat(tx.inTransaction(() -> store.count(both))).isEqualTo(5);
            DocumentQuery.Position cursor = new DocumentQuery.Position(
                    all.get(1).createdAt(), all.get(1).id());
            assertThat(tx.inTransaction(() -> store.list(new DocumentQuery(
                            CLINIC, PATIENT, Set.of(DocumentState.VISIBLE, DocumentState.HIDDEN), null, cursor, 2))))
                    .extracting(d -> d.id().value())
                    .containsExactly("doc-2", "doc-1");
        }
    }
}
