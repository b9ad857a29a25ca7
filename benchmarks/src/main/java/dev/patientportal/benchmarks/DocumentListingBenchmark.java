package dev.patientportal.benchmarks;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.DocumentQuery;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * {@code JpaDocumentStore}'s listing on PostgreSQL next to plain JDBC running the same SQL: the newest 20 visible
 * documents of a patient (page size 20, so 21 rows are asked for), and the page 10,000 documents in (a keyset cursor).
 * The table holds {@code rows} documents of {@code rows / 10} patients (half of them visible), loaded by
 * {@code generate_series} into the shipped schema, plus the patient read here, who has 12,000 visible documents. Run
 * with {@code -p rows=100000,1000000} for the scaling check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DocumentListingBenchmark {
    static final InstitutionId CLINIC = InstitutionId.of("bench-clinic");
    static final PatientId DEEP = PatientId.of("p-deep");
    static final int DEEP_DOCUMENTS = 12_000;
    /** The same SQL as {@code JpaDocumentStore} on PostgreSQL (positional parameters as JDBC spells them). */
    static final String FIRST_PAGE = "SELECT institution_id, document_id, patient_id, document_type, file_name,"
            + " media_type, size_bytes, sha256, state, created_at, created_by, updated_at, version FROM portal_document"
            + " WHERE institution_id = ? AND patient_id = ? AND state = ?"
            + " ORDER BY created_at DESC, document_id DESC LIMIT ?";

    static final String NEXT_PAGE = "SELECT institution_id, document_id, patient_id, document_type, file_name,"
            + " media_type, size_bytes, sha256, state, created_at, created_by, updated_at, version FROM portal_document"
            + " WHERE institution_id = ? AND patient_id = ? AND state = ? AND (created_at, document_id) < (?, ?)"
            + " ORDER BY created_at DESC, document_id DESC LIMIT ?";

    /** Documents in the table besides the deep patient's. */
    @Param({"1000000"})
    public int rows;

    private PgBench db;
    private ResourceLocalTransactionRunner tx;
    private DocumentStore store;
    private Connection jdbc;
    private DocumentQuery first;
    private DocumentQuery deep;

    /** Loads the documents and starts Hibernate. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        db = PgBench.create("bench_docs");
        long t0 = System.nanoTime();
        load(db, rows);
        System.out.printf("%n[load] %,d documents in %.1f s%n", rows + DEEP_DOCUMENTS, (System.nanoTime() - t0) / 1e9);
        tx = ResourceLocalTransactionRunner.create(db.factory("bench-docs", 4, null));
        store = JpaStores.create(tx).documents();
        first = new DocumentQuery(CLINIC, DEEP, Set.of(DocumentState.VISIBLE), null, null, 21);
        deep = new DocumentQuery(CLINIC, DEEP, Set.of(DocumentState.VISIBLE), null, cursor(db, 10_000), 21);
        jdbc = db.connect();
        jdbc.setAutoCommit(false);
        // Both arms must read the same rows.
        if (!ids(jdbcFirstPage()).equals(ids(jpaFirstPage()))
                || !ids(jdbcDeepPage()).equals(ids(jpaDeepPage()))) {
            throw new IllegalStateException("JPA and JDBC read different pages");
        }
    }

    /**
     * Loads {@code rows} documents of {@code rows / 10} patients and the deep patient's, then analyzes the table.
     *
     * @param db the database
     * @param rows the background documents
     */
    static void load(PgBench db, int rows) {
        int patients = Math.max(1, rows / 10);
        db.execute(
                "INSERT INTO portal_document (institution_id, document_id, patient_id, document_type, file_name,"
                        + " media_type, size_bytes, sha256, state, created_at, created_by, updated_at, version)"
                        + " SELECT 'bench-clinic', 'd' || g, 'p' || (g % " + patients + "), 'LAB',"
                        + " 'result-' || g || '.pdf', 'application/pdf', 20000 + g % 50000,"
                        + " md5(g::text) || md5((g + 1)::text), CASE WHEN g % 2 = 0 THEN 'VISIBLE' ELSE 'HIDDEN' END,"
                        + " TIMESTAMPTZ '2025-01-01 00:00:00+00' + g * INTERVAL '10 seconds', 'staff-' || (g % 50),"
                        + " TIMESTAMPTZ '2025-01-01 00:00:00+00' + g * INTERVAL '10 seconds', 1"
                        + " FROM generate_series(1, " + rows + ") g",
                "INSERT INTO portal_document (institution_id, document_id, patient_id, document_type, file_name,"
                        + " media_type, size_bytes, sha256, state, created_at, created_by, updated_at, version)"
                        + " SELECT 'bench-clinic', 'deep-' || lpad(g::text, 6, '0'), 'p-deep', 'LAB',"
                        + " 'result-' || g || '.pdf', 'application/pdf', 20000 + g % 50000,"
                        + " md5(g::text) || md5((g + 1)::text), 'VISIBLE',"
                        + " TIMESTAMPTZ '2025-01-01 00:00:00+00' + (g * 7) * INTERVAL '13 seconds', 'staff-1',"
                        + " TIMESTAMPTZ '2025-01-01 00:00:00+00' + (g * 7) * INTERVAL '13 seconds', 1"
                        + " FROM generate_series(1, " + DEEP_DOCUMENTS + ") g");
        db.execute("ANALYZE portal_document");
    }

    /** The cursor after the first {@code n} of the deep patient's visible documents, newest first. */
    static DocumentQuery.Position cursor(PgBench db, int n) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement("SELECT created_at, document_id FROM portal_document"
                        + " WHERE institution_id = 'bench-clinic' AND patient_id = 'p-deep' AND state = 'VISIBLE'"
                        + " ORDER BY created_at DESC, document_id DESC OFFSET " + (n - 1) + " LIMIT 1");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return new DocumentQuery.Position(
                    rs.getObject(1, OffsetDateTime.class).toInstant(), DocumentId.of(rs.getString(2)));
        }
    }

    private static List<String> ids(List<Document> page) {
        return page.stream().map(d -> d.id().value()).toList();
    }

    /** Closes everything and drops the schema. */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        jdbc.close();
        db.close();
    }

    /** The store's first page, in a unit of work of its own. */
    @Benchmark
    public List<Document> jpaFirstPage() {
        return tx.inTransaction(() -> store.list(first));
    }

    /** Baseline: the same SQL on a JDBC connection, in a transaction, mapped to the same values. */
    @Benchmark
    public List<Document> jdbcFirstPage() throws SQLException {
        return query(jdbc, first);
    }

    /**
     * Diagnostic: the baseline's JDBC on the connection of a unit of work of the runner: what the unit of work costs
     * (entity manager, connection from Hibernate's pool, begin, commit) without the native query's processing.
     */
    @Benchmark
    public List<Document> jdbcInUnitOfWork() {
        return tx.inTransaction(() ->
                tx.currentEntityManager().unwrap(org.hibernate.Session.class).doReturningWork(c -> list(c, first)));
    }

    /** The store's page 10,000 documents in. */
    @Benchmark
    public List<Document> jpaDeepPage() {
        return tx.inTransaction(() -> store.list(deep));
    }

    /** The same deep page on JDBC. */
    @Benchmark
    public List<Document> jdbcDeepPage() throws SQLException {
        return query(jdbc, deep);
    }

    /**
     * The arms interleaved in one JVM ({@link Interleaved}), on two tables at once, so that the ratios, the scaling
     * one included, see the same load.
     *
     * @param args the seconds to measure (default 60); the sizes (default {@code 100000,1000000})
     * @throws Exception when a call fails
     */
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        String[] sizes = (args.length > 1 ? args[1] : "100000,1000000").split(",");
        List<DocumentListingBenchmark> states = new ArrayList<>();
        List<Interleaved.Arm> arms = new ArrayList<>();
        String largest = "";
        for (String size : sizes) {
            DocumentListingBenchmark b = new DocumentListingBenchmark();
            b.rows = Integer.parseInt(size);
            b.setUp();
            states.add(b);
            String n = "@" + size;
            largest = n;
            arms.add(Interleaved.Arm.of("jdbcFirstPage" + n, null, x -> b.jdbcFirstPage()));
            arms.add(Interleaved.Arm.of("jpaFirstPage" + n, "jdbcFirstPage" + n, x -> b.jpaFirstPage()));
            arms.add(Interleaved.Arm.of("jdbcInUnitOfWork" + n, "jdbcFirstPage" + n, x -> b.jdbcInUnitOfWork()));
            arms.add(Interleaved.Arm.of("jdbcDeepPage" + n, "jdbcFirstPage" + n, x -> b.jdbcDeepPage()));
            arms.add(Interleaved.Arm.of("jpaDeepPage" + n, "jpaFirstPage" + n, x -> b.jpaDeepPage()));
        }
        if (sizes.length > 1) {
            // The scaling check: the same first page on the largest table against the smallest.
            String smallest = "@" + sizes[0];
            arms.add(Interleaved.Arm.of(
                    "jpaFirstPage" + largest + "'",
                    "jpaFirstPage" + smallest,
                    x -> states.get(states.size() - 1).jpaFirstPage()));
        }
        try {
            Interleaved.run("DocumentListing", seconds, 50, arms);
        } finally {
            for (DocumentListingBenchmark b : states) {
                b.tearDown();
            }
        }
    }

    /** Runs a listing on a connection in a transaction of its own and commits. */
    static List<Document> query(Connection c, DocumentQuery q) throws SQLException {
        List<Document> out = list(c, q);
        c.commit();
        return out;
    }

    /** Runs a listing on a connection, in the caller's transaction. */
    static List<Document> list(Connection c, DocumentQuery q) throws SQLException {
        DocumentQuery.Position after = q.after();
        try (PreparedStatement s = c.prepareStatement(after == null ? FIRST_PAGE : NEXT_PAGE)) {
            int i = 1;
            s.setString(i++, q.institution().value());
            s.setString(i++, q.patient().value());
            s.setString(i++, "VISIBLE");
            if (after != null) {
                s.setObject(i++, OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC));
                s.setString(i++, after.id().value());
            }
            s.setInt(i, q.limit());
            List<Document> out = new ArrayList<>(q.limit());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Document(
                            DocumentId.of(rs.getString(2)),
                            InstitutionId.of(rs.getString(1)),
                            PatientId.of(rs.getString(3)),
                            DocumentType.of(rs.getString(4)),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getLong(7),
                            rs.getString(8),
                            DocumentState.valueOf(rs.getString(9)),
                            instant(rs, 10),
                            StaffId.of(rs.getString(11)),
                            instant(rs, 12),
                            rs.getLong(13)));
                }
            }
            return out;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
