package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.StaffId;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped migrations, per database: Flyway applies them to an empty schema, Hibernate then validates every mapping
 * against the result (so schema and entities cannot drift), the hot paths have their indexes, and times are UTC.
 */
class SchemaTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("Flyway migrates an empty schema, Hibernate validates the mappings, and migrating again does nothing")
    void migrate_thenValidate(DatabaseKind kind) {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertThat(PortalMigrations.detect(db.dataSource()).folder())
                    .isEqualTo(kind.name().toLowerCase(Locale.ROOT));
            db.openEntityManagerFactory(1).close();
            assertThat(PortalMigrations.migrate(db.dataSource())).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("validation is real: a schema missing a mapped column fails Hibernate's start")
    void drift_failsValidation(DatabaseKind kind) {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute("ALTER TABLE portal_outbox DROP COLUMN last_error");

            assertThatThrownBy(() -> db.openEntityManagerFactory(1)).hasStackTraceContaining("last_error");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName(
            "the hot paths have their indexes: documents, identities, audit, outbox, challenges, sessions, limits, devices")
    void hotPathIndexes_exist(DatabaseKind kind) throws SQLException {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind);
                Connection c = db.dataSource().getConnection()) {
            assertThat(indexes(c, "portal_document"))
                    .containsValue(List.of("institution_id", "patient_id", "state", "created_at", "document_id"));
            assertThat(indexes(c, "portal_access_grant"))
                    .containsValue(List.of("institution_id", "active_identity_key"));
            assertThat(indexes(c, "portal_outbox"))
                    .containsValue(List.of("state", "next_attempt_at"))
                    .containsValue(List.of("lease_owner"));
            assertThat(indexes(c, "portal_audit_event"))
                    .containsValue(List.of("institution_id", "patient_id", "occurred_at", "sequence_no"))
                    .containsValue(List.of("institution_id", "actor_type", "actor_id", "occurred_at", "sequence_no"))
                    .containsValue(List.of("institution_id", "action", "occurred_at", "sequence_no"))
                    .containsValue(List.of("institution_id", "occurred_at", "sequence_no"))
                    .containsValue(List.of("institution_id", "sequence_no"));
            assertThat(indexes(c, "portal_audit_chain_head")).containsValue(List.of("institution_id"));
            assertThat(indexes(c, "portal_audit_checkpoint")).containsValue(List.of("institution_id", "sequence_no"));
            assertThat(indexes(c, "portal_login_challenge"))
                    .containsValue(List.of("id"))
                    .containsValue(List.of("expires_at"));
            assertThat(indexes(c, "portal_login_challenge_code")).containsValue(List.of("challenge_id", "factor"));
            assertThat(indexes(c, "portal_login_session"))
                    .containsValue(List.of("token_hash"))
                    .containsValue(List.of("institution_id", "patient_id"))
                    .containsValue(List.of("absolute_expires_at"));
            assertThat(indexes(c, "portal_login_rate_limit"))
                    .containsValue(List.of("bucket"))
                    .containsValue(List.of("expires_at"));
            assertThat(indexes(c, "portal_login_lockout")).containsValue(List.of("identity_key"));
            assertThat(indexes(c, "portal_push_device"))
                    .containsValue(List.of("institution_id", "app", "token_hash"))
                    .containsValue(List.of("institution_id", "patient_id", "app"));
            assertThat(indexes(c, "portal_sms_usage")).containsValue(List.of("institution_id", "usage_month"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = DatabaseKind.class,
            names = {"POSTGRESQL", "MARIADB"})
    @DisplayName("times are stored as UTC whatever the JVM's zone (the tests run in Europe/Budapest)")
    void times_areStoredInUtc(DatabaseKind kind) throws SQLException {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            Instant summer = Instant.parse("2026-07-01T12:00:00Z");
            Document d = new Document(
                    DocumentId.of("doc-utc"),
                    InstitutionId.of("inst"),
                    PatientId.of("pat"),
                    DocumentType.of("LAB"),
                    "a.pdf",
                    "application/pdf",
                    1,
                    "0".repeat(64),
                    DocumentState.VISIBLE,
                    summer,
                    StaffId.of("staff"),
                    summer,
                    1);
            tx.inTransaction(() -> {
                JpaStores.create(tx).documents().insert(d);
                return null;
            });
            String sql = kind == DatabaseKind.POSTGRESQL
                    ? "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM portal_document"
                    : "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM portal_document";
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement s = c.prepareStatement(sql);
                    ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("2026-07-01 12:00:00");
            }
        }
    }

    private static Map<String, List<String>> indexes(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String name = md.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        Map<String, TreeMap<Short, String>> byIndex = new TreeMap<>();
        try (ResultSet rs = md.getIndexInfo(c.getCatalog(), c.getSchema(), name, false, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index != null && column != null) {
                    byIndex.computeIfAbsent(index, k -> new TreeMap<>())
                            .put(
                                    rs.getShort("ORDINAL_POSITION"),
                                    column.toLowerCase(Locale.ROOT).replace("\"", ""));
                }
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        byIndex.forEach((k, v) -> out.put(k, new ArrayList<>(v.values())));
        return out;
    }
}
