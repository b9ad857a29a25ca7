package dev.patientportal.benchmarks;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.Staff;
import dev.patientportal.core.spi.DocumentQuery;
import dev.patientportal.testkit.TestPortal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the portal's patient read path (session check, the visibility rule applied twice, an audit event) over
 * the bare store query it wraps. Both read the first page of 20 of a patient's documents from the testkit's in-memory
 * store, which holds 2,000 documents of 100 patients, half of them hidden.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PatientDocumentsBenchmark {
    private static final InstitutionId CLINIC = InstitutionId.of("bench-clinic");
    private static final byte[] PDF = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    private TestPortal fixture;
    private PatientView view;
    private DocumentQuery bareQuery;

    /** Publishes the documents and opens one patient's session. */
    @Setup
    public void setUp() {
        fixture = TestPortal.create();
        Staff staff = fixture.staff(CLINIC);
        for (int p = 0; p < 100; p++) {
            PatientId patient = PatientId.of("p" + p);
            fixture.addPatient(CLINIC, patient);
            for (int d = 0; d < 20; d++) {
                fixture.portal()
                        .documents(staff)
                        .publish(DocumentUpload.builder(patient, DocumentType.of("LAB"))
                                .fileName("doc-" + d + ".pdf")
                                .content(PDF)
                                .patientAccess(d % 2 == 0)
                                .build());
            }
        }
        PatientId me = PatientId.of("p42");
        fixture.portal().administration(staff).grant(me, AccessMethod.TAJ_AND_PHONE, false);
        view = fixture.patientView(CLINIC, me);
        bareQuery = new DocumentQuery(CLINIC, me, Set.of(DocumentState.VISIBLE), null, null, 21);
    }

    /** The portal's patient read path. */
    @Benchmark
    public Object portalDocumentsPage() {
        Object page = view.documents(DocumentFilter.firstPage());
        fixture.audit().clear();
        return page;
    }

    /** Baseline: the store query alone. */
    @Benchmark
    public List<?> bareStoreQuery() {
        return fixture.documents().list(bareQuery);
    }
}
