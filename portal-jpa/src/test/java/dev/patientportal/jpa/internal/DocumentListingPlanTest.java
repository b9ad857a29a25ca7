package dev.patientportal.jpa.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.spi.DocumentQuery;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The listing's SQL as each database runs it: a page deep in one patient's long list reads the index from the cursor
 * on, so it costs what the first page does. One patient holds 6,000 documents (two per instant, so the cursor's
 * tie-break matters), others 3,000; the deep page starts 4,000 documents in. The cost is what the database reports:
 * PostgreSQL's buffers (EXPLAIN ANALYZE), MariaDB's handler reads and index condition checks, H2's scan count.
 */
class DocumentListingPlanTest {
    private static final String INSTITUTION = "clinic-plan";
    private static final String PATIENT = "p-many";
    private static final int PAGE = 21;
    private static final int DEEP = 4_000;
    private static final Pattern PARAM = Pattern.compile("\\?(\\d+)");

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("a page 4,000 documents in costs at most 1.5x the first page and returns the rows after the cursor")
    void deepPage_readsFromTheCursor(DatabaseKind kind) throws SQLException {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind);
                Connection c = db.dataSource().getConnection()) {
            load(c, kind);
            SqlDialect dialect = SqlDialect.detect(c);
            List<Object> cursorRow = rowAt(c, DEEP - 1);

            DocumentQuery first = query(null);
            DocumentQuery deep =
                    query(new DocumentQuery.Position(Instant.EPOCH, DocumentId.of((String) cursorRow.get(1))));
            JpaDocumentStore.Listing firstSql = JpaDocumentStore.listing(first, dialect);
            JpaDocumentStore.Listing deepSql = JpaDocumentStore.listing(deep, dialect);
            // The cursor's instant as the database hands it out, so every driver binds it back unchanged.
            List<Object> deepParams = new ArrayList<>(deepSql.params());
            deepParams.set(deepParams.indexOf(Instant.EPOCH), cursorRow.get(0));

            assertThat(ids(c, deepSql.sql(), deepParams)).containsExactlyElementsOf(expectedAfter(c, DEEP));
            long firstCost = cost(c, kind, firstSql.sql(), firstSql.params());
            long deepCost = cost(c, kind, deepSql.sql(), deepParams);
            assertThat(firstCost).isPositive();
            assertThat(deepCost)
                    .as("%s: deep page %d against first page %d", kind, deepCost, firstCost)
                    .isLessThanOrEqualTo(firstCost * 3 / 2 + 1);
        }
    }

    private static DocumentQuery query(DocumentQuery.@org.jspecify.annotations.Nullable Position after) {
        return new DocumentQuery(
                InstitutionId.of(INSTITUTION), PatientId.of(PATIENT), Set.of(DocumentState.VISIBLE), null, after, PAGE);
    }

    private static void load(Connection c, DatabaseKind kind) throws SQLException {
        String series;
        String g;
        String at;
        switch (kind) {
            case POSTGRESQL -> {
                series = "generate_series(1, 9000) s(g)";
                g = "g";
                at = "timestamptz '2020-01-01 00:00:00+00' + (g / 2) * interval '1 minute'";
            }
            case MARIADB -> {
                series = "seq_1_to_9000";
                g = "seq";
                at = "TIMESTAMP '2020-01-01 00:00:00' + INTERVAL (seq DIV 2) MINUTE";
            }
            case H2 -> {
                series = "SYSTEM_RANGE(1, 9000)";
                g = "X";
                at = "DATEADD(MINUTE, X / 2, TIMESTAMP WITH TIME ZONE '2020-01-01 00:00:00+00')";
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        String id = "CONCAT('doc-', LPAD(CAST(" + g
                + " AS VARCHAR(10)), 5, '0'))"
                        .replace("VARCHAR(10)", kind == DatabaseKind.MARIADB ? "CHAR(10)" : "VARCHAR(10)");
        String patient = "CASE WHEN " + g + " <= 6000 THEN '" + PATIENT + "' ELSE CONCAT('p-', CAST(MOD(" + g
                + ", 300) AS " + (kind == DatabaseKind.MARIADB ? "CHAR(10)" : "VARCHAR(10)") + ")) END";
        String state = "CASE WHEN MOD(" + g + ", 10) = 0 THEN 'HIDDEN' ELSE 'VISIBLE' END";
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO portal_document (institution_id, document_id, patient_id, document_type, file_name,"
                    + " media_type, size_bytes, sha256, state, created_at, created_by, updated_at, version) SELECT '"
                    + INSTITUTION + "', " + id + ", " + patient + ", 'LAB', 'r.pdf', 'application/pdf', 10, '"
                    + "0".repeat(64) + "', " + state + ", " + at + ", 'staff', " + at + ", 1 FROM " + series);
            switch (kind) {
                case POSTGRESQL -> s.execute("ANALYZE portal_document");
                case MARIADB -> s.execute("ANALYZE TABLE portal_document");
                case H2 -> s.execute("ANALYZE TABLE portal_document");
            }
        }
    }

    /** The (created_at, document_id) of the patient's visible document at a position, newest first. */
    private static List<Object> rowAt(Connection c, int offset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT created_at, document_id FROM portal_document"
                + " WHERE institution_id = ? AND patient_id = ? AND state = 'VISIBLE'"
                + " ORDER BY created_at DESC, document_id DESC LIMIT 1 OFFSET " + offset)) {
            ps.setString(1, INSTITUTION);
            ps.setString(2, PATIENT);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return List.of(rs.getObject(1), rs.getString(2));
            }
        }
    }

    private static List<String> expectedAfter(Connection c, int skip) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT document_id FROM portal_document"
                + " WHERE institution_id = ? AND patient_id = ? AND state = 'VISIBLE'"
                + " ORDER BY created_at DESC, document_id DESC LIMIT " + PAGE + " OFFSET " + skip)) {
            ps.setString(1, INSTITUTION);
            ps.setString(2, PATIENT);
            return read(ps);
        }
    }

    private static List<String> ids(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return read(ps);
        }
    }

    private static List<String> read(PreparedStatement ps) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString("document_id"));
            }
        }
        return ids;
    }

    /** The listing's numbered parameters ({@code ?3}, possibly twice) as plain JDBC ones. */
    private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        List<Object> bound = new ArrayList<>();
        Matcher m = PARAM.matcher(sql);
        while (m.find()) {
            bound.add(params.get(Integer.parseInt(m.group(1)) - 1));
        }
        PreparedStatement ps = c.prepareStatement(PARAM.matcher(sql).replaceAll("?"));
        for (int i = 0; i < bound.size(); i++) {
            ps.setObject(i + 1, bound.get(i));
        }
        return ps;
    }

    /** What the database reports the statement read. */
    private static long cost(Connection c, DatabaseKind kind, String sql, List<Object> params) throws SQLException {
        switch (kind) {
            case POSTGRESQL -> {
                ids(c, sql, params); // warm the cache
                List<String> plan = lines(c, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params);
                System.out.println(String.join("\n", plan));
                String buffers = plan.stream()
                        .filter(l -> l.contains("Buffers: shared"))
                        .findFirst()
                        .orElseThrow();
                Matcher m = Pattern.compile("hit=(\\d+)").matcher(buffers);
                long hit = m.find() ? Long.parseLong(m.group(1)) : 0;
                Matcher r = Pattern.compile("read=(\\d+)").matcher(buffers);
                return hit + (r.find() ? Long.parseLong(r.group(1)) : 0);
            }
            case MARIADB -> {
                try (Statement s = c.createStatement()) {
                    s.execute("FLUSH STATUS");
                }
                ids(c, sql, params);
                long reads = 0;
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN"
                                + " ('Handler_read_key', 'Handler_read_next', 'Handler_icp_attempts')")) {
                    while (rs.next()) {
                        reads += rs.getLong(2);
                    }
                }
                System.out.println("MariaDB handler reads + index condition checks: " + reads + " for " + sql);
                return reads;
            }
            case H2 -> {
                List<String> plan = lines(c, "EXPLAIN ANALYZE " + sql, params);
                System.out.println(String.join("\n", plan));
                Matcher m = Pattern.compile("scanCount: (\\d+)").matcher(String.join("\n", plan));
                assertThat(m.find()).as("H2 reports a scan count").isTrue();
                return Long.parseLong(m.group(1));
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    private static List<String> lines(Connection c, String sql, List<Object> params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
