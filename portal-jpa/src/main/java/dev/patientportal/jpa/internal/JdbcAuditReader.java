package dev.patientportal.jpa.internal;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditLink;
import dev.patientportal.core.AuditPurge;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.AuditQuery;
import dev.patientportal.core.spi.AuditTrail;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A read-only {@link AuditTrail} on plain JDBC, for the operators' verifier: no JPA provider, only the database's
 * driver. Reads the chain, its checkpoints and the institutions; everything else is unsupported. Times are read as
 * stored: UTC {@code DATETIME} on MariaDB, {@code TIMESTAMP WITH TIME ZONE} elsewhere.
 */
public final class JdbcAuditReader implements AuditTrail {
    /** Opens a connection; the reader closes it after each call. */
    @FunctionalInterface
    public interface Connections {
        /**
         * Opens a connection.
         *
         * @return the connection
         * @throws SQLException when the database cannot be reached
         */
        Connection open() throws SQLException;
    }

    private final Connections connections;

    /**
     * Creates the reader.
     *
     * @param connections where connections come from
     */
    public JdbcAuditReader(Connections connections) {
        this.connections = connections;
    }

    @Override
    public List<AuditRecord> chain(InstitutionId institution, long fromSequence, int limit) {
        String sql = "SELECT occurred_at, institution_id, actor_type, actor_id, action, patient_id, target_id, outcome,"
                + " client_address, details, sequence_no, key_id, previous_link, link_mac FROM portal_audit_event"
                + " WHERE institution_id = ? AND sequence_no >= ? ORDER BY sequence_no, id";
        try (Connection c = connections.open();
                PreparedStatement s = c.prepareStatement(sql)) {
            boolean mariadb = isMariaDb(c);
            s.setString(1, institution.value());
            s.setLong(2, fromSequence);
            s.setMaxRows(limit);
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    String patient = rs.getString(6);
                    AuditEvent event = new AuditEvent(
                            instant(rs, 1, mariadb),
                            InstitutionId.of(rs.getString(2)),
                            new Actor(Actor.Type.valueOf(rs.getString(3)), rs.getString(4)),
                            rs.getString(5),
                            patient == null ? null : PatientId.of(patient),
                            rs.getString(7),
                            AuditEvent.Outcome.valueOf(rs.getString(8)),
                            rs.getString(9),
                            JsonMaps.read(rs.getString(10)));
                    String keyId = rs.getString(12);
                    String previous = rs.getString(13);
                    String mac = rs.getString(14);
                    AuditLink link = keyId == null || previous == null || mac == null
                            ? null
                            : new AuditLink(keyId, previous, mac);
                    out.add(new AuditRecord(rs.getLong(11), event, link));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new TemporaryFailureException("Reading the audit chain failed (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public List<AuditCheckpoint> checkpoints(InstitutionId institution, long fromSequence, int limit) {
        String sql = "SELECT sequence_no, head_link, created_at, key_id, signature FROM portal_audit_checkpoint"
                + " WHERE institution_id = ? AND sequence_no >= ? ORDER BY sequence_no";
        try (Connection c = connections.open();
                PreparedStatement s = c.prepareStatement(sql)) {
            boolean mariadb = isMariaDb(c);
            s.setString(1, institution.value());
            s.setLong(2, fromSequence);
            s.setMaxRows(limit);
            List<AuditCheckpoint> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    out.add(new AuditCheckpoint(
                            institution,
                            rs.getLong(1),
                            rs.getString(2),
                            instant(rs, 3, mariadb),
                            rs.getString(4),
                            rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new TemporaryFailureException(
                    "Reading the audit checkpoints failed (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public List<InstitutionId> institutions() {
        try (Connection c = connections.open();
                PreparedStatement s = c.prepareStatement(
                        "SELECT institution_id FROM portal_audit_chain_head" + " ORDER BY institution_id");
                ResultSet rs = s.executeQuery()) {
            List<InstitutionId> out = new ArrayList<>();
            while (rs.next()) {
                out.add(InstitutionId.of(rs.getString(1)));
            }
            return out;
        } catch (SQLException e) {
            throw new TemporaryFailureException(
                    "Reading the audit institutions failed (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public List<AuditRecord> query(AuditQuery query) {
        throw readOnly();
    }

    @Override
    public Optional<AuditCheckpoint> checkpoint(InstitutionId institution, Instant at) {
        throw readOnly();
    }

    @Override
    public AuditPurge purge(InstitutionId institution, Instant before, Instant at) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the JDBC audit reader only walks the chain");
    }

    private static boolean isMariaDb(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String version = c.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT);
        return product.contains("mariadb") || product.contains("mysql") || version.contains("mariadb");
    }

    private static Instant instant(ResultSet rs, int column, boolean mariadb) throws SQLException {
        if (mariadb) {
            LocalDateTime utc = rs.getObject(column, LocalDateTime.class);
            return utc.toInstant(ZoneOffset.UTC);
        }
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t.toInstant();
    }

    @Override
    public String toString() {
        return "JdbcAuditReader";
    }
}
