package dev.patientportal.benchmarks;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.spi.DocumentQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A patient's first page of documents through the portal on portal-jpa ({@code PatientView.documents}: the session
 * resolved, its grant checked, the session touched, the page listed, an audit event recorded under the institution's
 * head row) next to the same reads and writes in one JDBC transaction. The same data as
 * {@link DocumentListingBenchmark}: {@code rows} documents of {@code rows / 10} patients, and the patient read here
 * with 12,000 visible documents. Setup prints the statements and commits of one portal call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PatientViewDocumentsBenchmark {
    private static final String INSERT_AUDIT = "INSERT INTO portal_audit_event (occurred_at, institution_id,"
            + " actor_type, actor_id, action, patient_id, target_id, outcome, client_address, details, sequence_no)"
            + " VALUES (?, ?, 'PATIENT', ?, 'document.list', ?, NULL, 'SUCCESS', ?, ?, ?)";

    /** Documents in the table besides the patient's. */
    @Param({"1000000"})
    public int rows;

    private PgBench db;
    private JpaFixture fx;
    private PatientView view;
    private Connection jdbc;
    private byte[] tokenHash;
    private DocumentQuery first;

    /** Loads the documents, grants the patient access and logs in once. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException, NoSuchAlgorithmException {
        db = PgBench.create("bench_view");
        DocumentListingBenchmark.load(db, rows);
        fx = new JpaFixture(db);
        var patient = fx.patient(DocumentListingBenchmark.CLINIC, DocumentListingBenchmark.DEEP);
        String token = fx.logIn(DocumentListingBenchmark.CLINIC, patient);
        view = fx.portal.portal().patient(token, JpaFixture.REQUEST);
        view.documents(DocumentFilter.firstPage());
        System.out.println("\n[statements] PatientView.documents: "
                + fx.counter.measure(() -> view.documents(DocumentFilter.firstPage())));
        tokenHash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        first = new DocumentQuery(
                DocumentListingBenchmark.CLINIC,
                DocumentListingBenchmark.DEEP,
                Set.of(DocumentState.VISIBLE),
                null,
                null,
                21);
        jdbc = db.connect();
        jdbc.setAutoCommit(false);
        if (raw().size() != 21 || portalPage().items().size() != 20) {
            throw new IllegalStateException("the arms read different pages");
        }
    }

    /** Closes everything and drops the schema. */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        jdbc.close();
        db.close();
    }

    /** The portal's read: resolve, grant, touch, list, audit. */
    @Benchmark
    public Page<Document> portalPage() {
        return view.documents(DocumentFilter.firstPage());
    }

    /** Baseline: the same reads and writes in one JDBC transaction. */
    @Benchmark
    public List<Document> jdbcSameWork() throws SQLException {
        return raw();
    }

    private List<Document> raw() throws SQLException {
        Connection c = jdbc;
        String sessionId;
        String patient;
        long grantVersion;
        try (PreparedStatement s = c.prepareStatement("SELECT session_id, token_hash, institution_id, patient_id,"
                + " created_at, last_seen_at, absolute_expires_at, grant_version FROM portal_login_session"
                + " WHERE token_hash = ?")) {
            s.setBytes(1, tokenHash);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no session");
                }
                sessionId = rs.getString(1);
                patient = rs.getString(4);
                grantVersion = rs.getLong(8);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT institution_id, patient_id, access_method,"
                + " identity_sealed, active_identity_key, sms_notifications, status, revocation_reason, version,"
                + " session_epoch, created_at, updated_at, updated_by FROM portal_access_grant"
                + " WHERE institution_id = ? AND patient_id = ?")) {
            s.setString(1, "bench-clinic");
            s.setString(2, patient);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !rs.getString(7).equals("ACTIVE") || rs.getLong(10) > grantVersion) {
                    throw new IllegalStateException("no grant");
                }
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement s =
                c.prepareStatement("UPDATE portal_login_session SET last_seen_at = ? WHERE session_id = ?")) {
            s.setObject(1, now);
            s.setString(2, sessionId);
            s.executeUpdate();
        }
        List<Document> page = DocumentListingBenchmark.list(c, first);
        long seq;
        try (PreparedStatement s = c.prepareStatement("SELECT last_sequence, last_link FROM portal_audit_chain_head"
                + " WHERE institution_id = ? FOR UPDATE")) {
            s.setString(1, "bench-clinic");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                seq = rs.getLong(1) + 1;
            }
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_AUDIT)) {
            s.setObject(1, now);
            s.setString(2, "bench-clinic");
            s.setString(3, patient);
            s.setString(4, patient);
            s.setString(5, "198.51.100.7");
            s.setString(6, "{\"count\":\"20\",\"session\":\"" + sessionId + "\"}");
            s.setLong(7, seq);
            s.executeUpdate();
        }
        try (PreparedStatement s =
                c.prepareStatement("UPDATE portal_audit_chain_head SET last_sequence = ? WHERE institution_id = ?")) {
            s.setLong(1, seq);
            s.setString(2, "bench-clinic");
            s.executeUpdate();
        }
        c.commit();
        return page;
    }

    /**
     * The two arms interleaved in one JVM ({@link Interleaved}).
     *
     * @param args the seconds to measure (default 60); the documents (default 1,000,000)
     * @throws Exception when a call fails
     */
    public static void main(String[] args) throws Exception {
        PatientViewDocumentsBenchmark b = new PatientViewDocumentsBenchmark();
        b.rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        b.setUp();
        try {
            Interleaved.run(
                    "PatientViewDocuments @" + b.rows,
                    args.length > 0 ? Long.parseLong(args[0]) : 60,
                    25,
                    List.of(
                            Interleaved.Arm.of("jdbcSameWork", null, x -> b.jdbcSameWork()),
                            Interleaved.Arm.of("portalPage", "jdbcSameWork", x -> b.portalPage())));
        } finally {
            b.tearDown();
        }
    }
}
