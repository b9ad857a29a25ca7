package dev.patientportal.benchmarks;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.StaffId;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.jpa.PortalMigrations;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
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
 * What one chain per institution costs: recording an audit event in its own unit of work through portal-jpa's sink,
 * chained ({@code sinkChained}: lock the head row, HMAC, insert, move the head) and numbered only
 * ({@code sinkNumbered}: the same without a key), next to the same unit of work doing one bare {@code INSERT}
 * ({@code insertOnly}, the baseline) and the bare statements of the head ({@code insertUnderHead}:
 * {@code SELECT ... FOR UPDATE}, {@code INSERT}, {@code UPDATE}). Every writer of a benchmark writes to one
 * institution, so with {@code -t 4} the head is contended. On embedded H2 and, with {@code -p db=postgresql}, on the
 * PostgreSQL at 127.0.0.1:5432 (database {@code test}, a schema of its own, dropped at the end).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class AuditChainBenchmark {
    private static final String INSERT = "INSERT INTO portal_audit_event (occurred_at, institution_id, actor_type,"
            + " actor_id, action, patient_id, target_id, outcome, client_address, details, sequence_no)"
            + " VALUES (?, ?, 'STAFF', 'staff-1', 'document.staff-read', 'p-1', 'doc-1', 'SUCCESS', '192.0.2.1',"
            + " '{\"n\":\"1\"}', ?)";

    /** Which database. */
    @Param({"h2"})
    public String db;

    private String schema;
    private String url;
    private EntityManagerFactory emf;
    private ResourceLocalTransactionRunner tx;
    private JpaStores chained;
    private JpaStores numbered;
    private final AtomicLong rawSequence = new AtomicLong();
    private final InstitutionId chainedClinic = InstitutionId.of("bench-chained");
    private final InstitutionId numberedClinic = InstitutionId.of("bench-numbered");

    /** Migrates a fresh schema and starts Hibernate on it. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String user;
        DataSource ds;
        if (db.equals("postgresql")) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            url = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema;
            user = "postgres";
            org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(user);
            ds = pg;
        } else {
            url = "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1";
            user = "sa";
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            ds = h2;
        }
        PortalMigrations.migrate(ds);
        HibernatePersistenceConfiguration cfg = new HibernatePersistenceConfiguration("bench-audit")
                .managedClasses(JpaStores.entityClasses())
                .jdbcUrl(url)
                .jdbcCredentials(user, "")
                .jdbcPoolSize(8)
                .schemaToolingAction(Action.VALIDATE);
        if (db.equals("postgresql")) {
            cfg.defaultSchema(schema);
        }
        emf = cfg.createEntityManagerFactory();
        tx = ResourceLocalTransactionRunner.create(emf);
        chained = JpaStores.create(tx).withAuditChain(AuditChainSettings.of(AuditKeyring.random()));
        numbered = JpaStores.create(tx);
        tx.useTransaction(() -> tx.currentEntityManager()
                .createNativeQuery("INSERT INTO portal_audit_chain_head"
                        + " (institution_id, last_sequence) VALUES ('bench-head', 0)")
                .executeUpdate());
    }

    /** Keeps the table small: every event of the iteration goes; the heads keep counting. */
    @TearDown(Level.Iteration)
    public void clear() {
        tx.useTransaction(() -> tx.currentEntityManager()
                .createNativeQuery("DELETE FROM portal_audit_event")
                .executeUpdate());
    }

    /** Closes Hibernate and drops the schema. */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        emf.close();
        if (db.equals("postgresql")) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static AuditEvent event(InstitutionId clinic) {
        return new AuditEvent(
                Instant.now(),
                clinic,
                Actor.staff(StaffId.of("staff-1")),
                AuditActions.DOCUMENT_STAFF_READ,
                PatientId.of("p-1"),
                "doc-1",
                AuditEvent.Outcome.SUCCESS,
                "192.0.2.1",
                Map.of("n", "1"));
    }

    /** The sink with the chain: head lock, HMAC-SHA256, insert, head update. */
    @Benchmark
    public void sinkChained() {
        AuditEvent e = event(chainedClinic);
        tx.useTransaction(() -> chained.audit().record(e));
    }

    /** The sink without a key: head lock, insert, head update. */
    @Benchmark
    public void sinkNumbered() {
        AuditEvent e = event(numberedClinic);
        tx.useTransaction(() -> numbered.audit().record(e));
    }

    /** Baseline: the same unit of work with one bare insert, numbered in memory. */
    @Benchmark
    public void insertOnly() {
        long seq = rawSequence.incrementAndGet();
        tx.useTransaction(
                () -> tx.currentEntityManager().runWithConnection((Connection c) -> insert(c, "bench-raw", seq)));
    }

    /** The head's bare statements: lock, insert, update; what serialising costs without the ORM and the HMAC. */
    @Benchmark
    public void insertUnderHead() {
        tx.useTransaction(() -> tx.currentEntityManager().runWithConnection((Connection c) -> {
            long seq;
            try (PreparedStatement s = c.prepareStatement("SELECT last_sequence FROM portal_audit_chain_head"
                            + " WHERE institution_id = 'bench-head' FOR UPDATE");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                seq = rs.getLong(1) + 1;
            }
            insert(c, "bench-head", seq);
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE portal_audit_chain_head SET last_sequence = ?" + " WHERE institution_id = 'bench-head'")) {
                s.setLong(1, seq);
                s.executeUpdate();
            }
        }));
    }

    private static void insert(Connection c, String institution, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            s.setString(2, institution);
            s.setLong(3, seq);
            s.executeUpdate();
        }
    }
}
