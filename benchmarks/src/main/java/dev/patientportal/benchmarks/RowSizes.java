package dev.patientportal.benchmarks;

import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Bytes per row on PostgreSQL, tables and their indexes ({@code pg_total_relation_size} after {@code VACUUM}), for the
 * capacity model (docs/scaling.md). Real rows come first: a patient granted access through the portal, logins, a
 * documents read and their audit events; each table is then filled to {@code rows} by copying those rows with new
 * keys ({@code generate_series}), so widths are the portal's own. Documents and outbox rows are loaded as the
 * benchmarks load them.
 *
 * <pre>{@code java -cp ... dev.patientportal.benchmarks.RowSizes [rows per table, default 200000]}</pre>
 */
public final class RowSizes {
    private RowSizes() {}

    /**
     * Loads and measures.
     *
     * @param args rows per table (default 200,000)
     * @throws SQLException when a statement fails
     */
    public static void main(String[] args) throws SQLException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        try (PgBench db = PgBench.create("bench_sizes")) {
            JpaFixture fx = new JpaFixture(db);
            InstitutionId clinic = InstitutionId.of("bench-clinic");
            var p = fx.patient(clinic, PatientId.of("p-000001"));
            String token = fx.logIn(clinic, p);
            fx.start(clinic, p); // a pending challenge
            fx.portal.portal().patient(token, JpaFixture.REQUEST).documents(DocumentFilter.firstPage());
            long events = db.queryLong("SELECT COUNT(*) FROM portal_audit_event");
            String g = ", generate_series(1, " + rows + ") g";
            db.execute(
                    "INSERT INTO portal_access_grant (institution_id, patient_id, access_method, email, phone_e164, taj,"
                            + " active_identity_key, sms_notifications, status, revocation_reason, version, created_at,"
                            + " updated_at, updated_by, identity_sealed, session_epoch)"
                            + " SELECT institution_id, 'p-' || lpad(g::text, 9, '0'), access_method, email, phone_e164,"
                            + " taj, substr(md5(g::text) || md5((-g)::text), 1, length(active_identity_key)),"
                            + " sms_notifications, status, revocation_reason, version, created_at, updated_at,"
                            + " updated_by, identity_sealed, session_epoch FROM portal_access_grant" + g,
                    "INSERT INTO portal_login_session (session_id, token_hash, institution_id, patient_id, created_at,"
                            + " last_seen_at, absolute_expires_at, grant_version)"
                            + " SELECT substr(session_id, 1, length(session_id) - 8) || lpad(g::text, 8, '0'),"
                            + " sha256(g::text::bytea), institution_id, patient_id, created_at, last_seen_at,"
                            + " absolute_expires_at, grant_version FROM (SELECT * FROM portal_login_session LIMIT 1) s"
                            + g,
                    "INSERT INTO portal_login_challenge (id, institution_id, patient_id, grant_version, identity_key,"
                            + " attempts_left, resends, created_at, expires_at, resend_available_at, consumed)"
                            + " SELECT substr(id, 1, length(id) - 8) || lpad(g::text, 8, '0'), institution_id, patient_id,"
                            + " grant_version, identity_key, attempts_left, resends, created_at, expires_at,"
                            + " resend_available_at, consumed FROM (SELECT * FROM portal_login_challenge"
                            + " WHERE NOT consumed LIMIT 1) s" + g,
                    "INSERT INTO portal_login_challenge_code (challenge_id, factor, key_id, mac, generation, expires_at,"
                            + " verified, destination_key) SELECT c.id, k.factor, k.key_id, k.mac, k.generation,"
                            + " k.expires_at, k.verified, k.destination_key FROM portal_login_challenge c,"
                            + " (SELECT k.* FROM portal_login_challenge_code k JOIN portal_login_challenge x"
                            + " ON x.id = k.challenge_id WHERE NOT x.consumed LIMIT 1) k"
                            + " WHERE NOT EXISTS (SELECT 1 FROM portal_login_challenge_code e WHERE e.challenge_id = c.id)",
                    "INSERT INTO portal_audit_event (occurred_at, institution_id, actor_type, actor_id, action,"
                            + " patient_id, target_id, outcome, client_address, details, sequence_no, key_id,"
                            + " previous_link, link_mac) SELECT e.occurred_at + g * INTERVAL '1 second', e.institution_id,"
                            + " e.actor_type, e.actor_id, e.action, e.patient_id, e.target_id, e.outcome,"
                            + " e.client_address, e.details, 1000000 + g * " + events + " + e.sequence_no, e.key_id,"
                            + " md5(g::text) || md5(e.sequence_no::text), md5((-g)::text) || md5(e.sequence_no::text)"
                            + " FROM portal_audit_event e, generate_series(1, " + (rows / events) + ") g");
            DocumentListingBenchmark.load(db, rows);
            OutboxThroughputBenchmark.load(db, rows);
            db.execute("VACUUM ANALYZE");
            System.out.println(
                    "[sizes] audit events copied from the " + events + " real ones; actions: " + actions(db));
            System.out.println("table                         rows        total MB   bytes/row (heap + indexes)");
            for (String t : new String[] {
                "portal_access_grant",
                "portal_login_session",
                "portal_login_challenge",
                "portal_login_challenge_code",
                "portal_audit_event",
                "portal_document",
                "portal_outbox"
            }) {
                long n = db.queryLong("SELECT COUNT(*) FROM " + t);
                long bytes = db.queryLong("SELECT pg_total_relation_size('" + t + "')");
                long heap = db.queryLong("SELECT pg_relation_size('" + t + "')");
                System.out.println(String.format(
                        Locale.ROOT,
                        "[sizes] %-28s %9d %10.1f   %6.0f (%4.0f + %4.0f)",
                        t,
                        n,
                        bytes / 1e6,
                        bytes / (double) n,
                        heap / (double) n,
                        (bytes - heap) / (double) n));
            }
        }
    }

    private static String actions(PgBench db) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT action, COUNT(*), AVG(length(details))::int FROM"
                        + " portal_audit_event GROUP BY action ORDER BY action")) {
            while (rs.next()) {
                out.append(rs.getString(1))
                        .append(" (details ")
                        .append(rs.getInt(3))
                        .append(" chars) ");
            }
        }
        return out.toString();
    }
}
