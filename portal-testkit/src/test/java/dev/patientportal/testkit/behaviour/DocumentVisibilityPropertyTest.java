package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentContent;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.StaffId;
import dev.patientportal.testkit.TestPortal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/**
 * For random documents across institutions and patients in random states, every read path of a patient shows exactly
 * that patient's visible documents. Tries: {@code portal.fuzz.tries} (default 1000), through {@code jqwik.tries.default}.
 */
class DocumentVisibilityPropertyTest {
    private static final List<InstitutionId> INSTITUTIONS =
            List.of(InstitutionId.of("inst-a"), InstitutionId.of("inst-b"));
    private static final List<PatientId> PATIENTS =
            List.of(PatientId.of("pat-1"), PatientId.of("pat-2"), PatientId.of("pat-3"));
    private static final List<DocumentType> TYPES =
            List.of(DocumentType.of("LAB_RESULT"), DocumentType.of("DISCHARGE"));
    private static final Comparator<Document> NEWEST_FIRST = Comparator.comparing(Document::createdAt)
            .thenComparing(d -> d.id().value())
            .reversed();

    /** One generated document: where it belongs, its state, type, a small creation offset (ties are likely). */
    record Spec(int institution, int patient, DocumentState state, int type, int secondsAfter, int idSeed) {}

    @Provide
    Arbitrary<List<Spec>> documents() {
        Arbitrary<Spec> spec = Combinators.combine(
                        Arbitraries.integers().between(0, INSTITUTIONS.size() - 1),
                        Arbitraries.integers().between(0, PATIENTS.size() - 1),
                        Arbitraries.of(DocumentState.class),
                        Arbitraries.integers().between(0, TYPES.size() - 1),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 0xffff))
                .as(Spec::new);
        return spec.list().ofMaxSize(30);
    }

    @Property
    @Label("every read path of a patient returns exactly that patient's visible documents")
    void everyReadPathShowsOnlyOwnVisibleDocuments(
            @ForAll("documents") List<Spec> specs,
            @ForAll @IntRange(min = 1, max = 7) int pageSize,
            @ForAll boolean filterByType) {
        TestPortal t = TestPortal.create();
        Instant t0 = t.clock().instant();
        for (InstitutionId inst : INSTITUTIONS) {
            for (PatientId p : PATIENTS) {
                t.addPatient(inst, p);
                t.portal().administration(t.staff(inst)).grant(p, AccessMethod.EMAIL_AND_PHONE, false);
            }
        }
        List<Document> all = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            InstitutionId inst = INSTITUTIONS.get(s.institution());
            DocumentId id = DocumentId.of(String.format(Locale.ROOT, "%04x-%03d", s.idSeed(), i));
            byte[] bytes = ("content of " + id.value()).getBytes(StandardCharsets.UTF_8);
            Instant at = t0.plusSeconds(s.secondsAfter());
            Document d = new Document(
                    id,
                    inst,
                    PATIENTS.get(s.patient()),
                    TYPES.get(s.type()),
                    "f.pdf",
                    "application/pdf",
                    bytes.length,
                    Samples.sha256(bytes),
                    s.state(),
                    at,
                    StaffId.of("staff-1"),
                    at,
                    1);
            t.content().write(inst, id, new ByteArrayInputStream(bytes), bytes.length);
            t.documents().insert(d);
            all.add(d);
        }

        for (InstitutionId inst : INSTITUTIONS) {
            for (PatientId p : PATIENTS) {
                PatientView view = t.patientView(inst, p);
                List<Document> visible = all.stream()
                        .filter(d -> d.institution().equals(inst)
                                && d.patient().equals(p)
                                && d.state() == DocumentState.VISIBLE)
                        .sorted(NEWEST_FIRST)
                        .toList();
                DocumentType type = filterByType ? TYPES.get(0) : null;

                assertThat(allPages(view, type, pageSize))
                        .containsExactlyElementsOf(visible.stream()
                                .filter(d -> type == null || d.type().equals(type))
                                .toList());
                assertThat(view.countDocuments(null)).isEqualTo(visible.size());
                for (DocumentType each : TYPES) {
                    assertThat(view.countDocuments(each))
                            .isEqualTo(visible.stream()
                                    .filter(d -> d.type().equals(each))
                                    .count());
                }
                for (Document d : all) {
                    if (visible.contains(d)) {
                        assertThat(view.document(d.id())).isEqualTo(d);
                        try (DocumentContent c = view.openDocument(d.id())) {
                            assertThat(c.readAllBytes())
                                    .isEqualTo(t.content().bytes(inst, d.id()).orElseThrow());
                        }
                    } else {
                        assertThatThrownBy(() -> view.document(d.id())).isInstanceOf(NotFoundException.class);
                        assertThatThrownBy(() -> view.openDocument(d.id())).isInstanceOf(NotFoundException.class);
                    }
                }
            }
        }
    }

    private static List<Document> allPages(PatientView view, @Nullable DocumentType type, int pageSize) {
        List<Document> seen = new ArrayList<>();
        DocumentFilter filter = new DocumentFilter(type, null, pageSize);
        for (int guard = 0; guard < 100; guard++) {
            Page<Document> page = view.documents(filter);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            seen.addAll(page.items());
            if (page.nextCursor() == null) {
                return seen;
            }
            assertThat(page.items()).hasSize(pageSize);
            filter = filter.after(page.nextCursor());
        }
        throw new AssertionError("pagination did not end");
    }
}
