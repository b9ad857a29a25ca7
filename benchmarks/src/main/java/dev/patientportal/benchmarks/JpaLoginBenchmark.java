package dev.patientportal.benchmarks;

import dev.patientportal.auth.Factor;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JPA {@code verify} that completes a TAJ + phone login on PostgreSQL, next to a raw JDBC version of the same
 * state changes: in a first transaction, committed before the code is compared, spend an attempt
 * ({@code UPDATE ... RETURNING}), read the codes and the lockout counter and count a provisional failure; then, in a
 * second, mark the code verified and the challenge consumed, re-read the grant, store the session, record the audit
 * event under the institution's head row and reset the lockout counter. Each call gets a fresh challenge from a
 * per-invocation setup, outside the timing (a real {@code start} for the JPA arm, two rows inserted for the raw arm).
 * Setup prints the statements and commits of one JPA verify.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class JpaLoginBenchmark {
    static final InstitutionId CLINIC = InstitutionId.of("bench-clinic");
    private static final String INSERT_AUDIT = "INSERT INTO portal_audit_event (occurred_at, institution_id,"
            + " actor_type, actor_id, action, patient_id, target_id, outcome, client_address, details, sequence_no)"
            + " VALUES (?, ?, 'PATIENT', ?, 'login.verify', ?, ?, 'SUCCESS', ?, ?, ?)";

    PgBench db;
    JpaFixture fx;
    PatientProfile patient;
    Connection jdbc;
    Connection setupConnection;
    Mac mac;
    long rawGrantVersion;
    final SecureRandom random = new SecureRandom();

    /** Two patients (one per arm), a first login that warms the caches, and the statements of one verify. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        db = PgBench.create("bench_login");
        fx = new JpaFixture(db);
        patient = fx.patient(CLINIC, PatientId.of("p-jpa"));
        fx.patient(CLINIC, PatientId.of("p-raw"));
        fx.logIn(CLINIC, patient);
        JpaFixture.Started s = fx.start(CLINIC, patient);
        VerifyResult[] r = new VerifyResult[1];
        StatementCounter.Cost cost = fx.counter.measure(
                () -> r[0] = fx.login.verify(s.challenge(), Factor.SMS, s.code(), JpaFixture.REQUEST));
        if (!r[0].isComplete()) {
            throw new IllegalStateException("the login did not complete");
        }
        System.out.println("\n[statements] JPA verify: " + cost);
        rawGrantVersion = db.queryLong(
                "SELECT version FROM portal_access_grant WHERE institution_id = 'bench-clinic' AND patient_id = 'p-raw'");
        byte[] key = new byte[32];
        random.nextBytes(key);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        jdbc = db.connect();
        jdbc.setAutoCommit(false);
        setupConnection = db.connect();
    }

    /** Closes everything and drops the schema. */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        jdbc.close();
        setupConnection.close();
        db.close();
    }

    /** A login started through the portal, before each JPA verify. */
    @State(Scope.Thread)
    public static class Started {
        JpaFixture.Started started;

        /** Starts a login, a day after the last (so no send limit answers). */
        @Setup(Level.Invocation)
        public void start(JpaLoginBenchmark b) {
            b.fx.portal.clock().advance(java.time.Duration.ofDays(1));
            started = b.fx.start(CLINIC, b.patient);
            b.fx.codes.clear();
        }
    }

    /** A challenge and its code's row inserted by JDBC, before each raw verify. */
    @State(Scope.Thread)
    public static class Inserted {
        String id;
        String code;

        /** Inserts the rows a start would. */
        @Setup(Level.Invocation)
        public void insert(JpaLoginBenchmark b) throws SQLException {
            byte[] raw = new byte[16];
            b.random.nextBytes(raw);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            code = String.format("%06d", b.random.nextInt(1_000_000));
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Connection c = b.setupConnection;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO portal_login_challenge (id, institution_id,"
                            + " patient_id, grant_version, identity_key, attempts_left, resends, created_at, expires_at,"
                            + " resend_available_at, consumed) VALUES (?, 'bench-clinic', 'p-raw', ?, ?, 5, 0, ?, ?, ?, false)")) {
                s.setString(1, id);
                s.setLong(2, b.rawGrantVersion);
                s.setString(3, "identity-raw-0123456789abcdefghijklmnopqrstuvwxyzABCD");
                s.setObject(4, now);
                s.setObject(5, now.plusMinutes(5));
                s.setObject(6, now.plusMinutes(1));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO portal_login_challenge_code (challenge_id,"
                    + " factor, key_id, mac, generation, expires_at, verified, destination_key)"
                    + " VALUES (?, 'SMS', 'bench-key', ?, 1, ?, false, ?)")) {
                s.setString(1, id);
                s.setBytes(2, b.mac.doFinal((id + "|SMS|1|" + code).getBytes(StandardCharsets.UTF_8)));
                s.setObject(3, now.plusMinutes(5));
                s.setString(4, "destination-raw-0123456789abcdefghijklmnopqrstuvw");
                s.executeUpdate();
            }
        }
    }

    /** The portal's verify on the JPA stores. */
    @Benchmark
    public VerifyResult jpaVerify(Started s) {
        return fx.login.verify(s.started.challenge(), Factor.SMS, s.started.code(), JpaFixture.REQUEST);
    }

    /** Baseline: the same state changes in two JDBC transactions. */
    @Benchmark
    public String jdbcVerify(Inserted in) throws Exception {
        Connection c = jdbc;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String identity;
        String patient;
        try (PreparedStatement s = c.prepareStatement("UPDATE portal_login_challenge SET attempts_left ="
                + " attempts_left - 1 WHERE id = ? AND consumed = false AND attempts_left > 0"
                + " RETURNING institution_id, patient_id, grant_version, identity_key, attempts_left, expires_at")) {
            s.setString(1, in.id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no attempt left");
                }
                patient = rs.getString(2);
                identity = rs.getString(4);
            }
        }
        byte[] stored;
        int generation;
        try (PreparedStatement s = c.prepareStatement("SELECT factor, key_id, mac, generation, expires_at, verified"
                + " FROM portal_login_challenge_code WHERE challenge_id = ?")) {
            s.setString(1, in.id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                stored = rs.getBytes(3);
                generation = rs.getInt(4);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT consecutive_failures, last_failure_at"
                + " FROM portal_login_lockout WHERE identity_key = ? AND consecutive_failures > 0")) {
            s.setString(1, identity);
            s.executeQuery().close();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO portal_login_lockout (identity_key,"
                + " consecutive_failures, last_failure_at) VALUES (?, 1, ?) ON CONFLICT (identity_key) DO UPDATE SET"
                + " consecutive_failures = portal_login_lockout.consecutive_failures + 1,"
                + " last_failure_at = GREATEST(portal_login_lockout.last_failure_at, EXCLUDED.last_failure_at)")) {
            s.setString(1, identity);
            s.setObject(2, now);
            s.executeUpdate();
        }
        c.commit();
        if (!MessageDigest.isEqual(
                mac.doFinal((in.id + "|SMS|" + generation + "|" + in.code).getBytes(StandardCharsets.UTF_8)), stored)) {
            throw new IllegalStateException("wrong code");
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE portal_login_challenge_code SET verified = true"
                + " WHERE challenge_id = ? AND factor = 'SMS' AND generation = ? AND verified = false")) {
            s.setString(1, in.id);
            s.setInt(2, generation);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE portal_login_challenge SET consumed = true,"
                + " attempts_left = attempts_left + 1 WHERE id = ? AND consumed = false")) {
            s.setString(1, in.id);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("consumed twice");
            }
        }
        long version;
        try (PreparedStatement s = c.prepareStatement("SELECT status, version, session_epoch FROM portal_access_grant"
                + " WHERE institution_id = 'bench-clinic' AND patient_id = ?")) {
            s.setString(1, patient);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                version = rs.getLong(2);
            }
        }
        byte[] token = new byte[32];
        random.nextBytes(token);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        byte[] sid = new byte[16];
        random.nextBytes(sid);
        String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(sid);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO portal_login_session (session_id, token_hash,"
                + " institution_id, patient_id, created_at, last_seen_at, absolute_expires_at, grant_version)"
                + " VALUES (?, ?, 'bench-clinic', ?, ?, ?, ?, ?)")) {
            s.setString(1, sessionId);
            s.setBytes(2, MessageDigest.getInstance("SHA-256").digest(t.getBytes(StandardCharsets.UTF_8)));
            s.setString(3, patient);
            s.setObject(4, now);
            s.setObject(5, now);
            s.setObject(6, now.plusHours(12));
            s.setLong(7, version);
            s.executeUpdate();
        }
        long seq;
        try (PreparedStatement s = c.prepareStatement("SELECT last_sequence, last_link FROM portal_audit_chain_head"
                + " WHERE institution_id = 'bench-clinic' FOR UPDATE")) {
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
            s.setString(5, in.id);
            s.setString(6, "198.51.100.7");
            s.setString(7, "{\"factor\":\"SMS\",\"result\":\"complete\",\"session\":\"" + sessionId + "\"}");
            s.setLong(8, seq);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE portal_audit_chain_head SET last_sequence = ? WHERE institution_id = 'bench-clinic'")) {
            s.setLong(1, seq);
            s.executeUpdate();
        }
        try (PreparedStatement s =
                c.prepareStatement("UPDATE portal_login_lockout SET consecutive_failures = 0 WHERE identity_key = ?")) {
            s.setString(1, identity);
            s.executeUpdate();
        }
        c.commit();
        return t;
    }

    /**
     * The two arms interleaved in one JVM ({@link Interleaved}), each call with its fresh challenge made outside the
     * timing.
     *
     * @param args the seconds to measure (default 60)
     * @throws Exception when a call fails
     */
    public static void main(String[] args) throws Exception {
        JpaLoginBenchmark b = new JpaLoginBenchmark();
        b.setUp();
        Started started = new Started();
        Inserted inserted = new Inserted();
        try {
            Interleaved.run(
                    "JpaLogin",
                    args.length > 0 ? Long.parseLong(args[0]) : 60,
                    10,
                    List.of(
                            new Interleaved.Arm(
                                    "jdbcVerify",
                                    null,
                                    () -> {
                                        inserted.insert(b);
                                        return inserted;
                                    },
                                    x -> b.jdbcVerify((Inserted) x)),
                            new Interleaved.Arm(
                                    "jpaVerify",
                                    "jdbcVerify",
                                    () -> {
                                        started.start(b);
                                        return started;
                                    },
                                    x -> b.jpaVerify((Started) x))));
        } finally {
            b.tearDown();
        }
    }
}
