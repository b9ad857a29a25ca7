package dev.patientportal.benchmarks;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.jpa.OutboxDispatcher;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Draining the outbox on PostgreSQL into a delivery that does nothing: {@code messages} due rows, loaded by
 * {@code generate_series} before each iteration, taken by two {@link OutboxDispatcher}s with the default settings (two
 * nodes: each its own Hibernate and connection pool), against two JDBC threads that claim a batch of the same size
 * with the same kind of statement ({@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 20)
 * RETURNING ...}, commit) and delete it ({@code DELETE ... WHERE id = ANY(?)}, commit). One operation is one drain, so
 * messages per second is {@code messages / score}. Every message must be delivered exactly once: an iteration that
 * saw a duplicate or a loss fails.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class OutboxThroughputBenchmark {
    private static final int BATCH = 20;
    private static final String CLAIM = "UPDATE portal_outbox SET lease_owner = ?, next_attempt_at = ?,"
            + " updated_at = ?, attempts = attempts + 1 WHERE id IN (SELECT id FROM portal_outbox WHERE state = 'PENDING'"
            + " AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED)"
            + " RETURNING id, intent_type, institution_id, patient_id, subject_id, sms_enabled, intent_created_at,"
            + " attributes, state, attempts, next_attempt_at, lease_owner, last_error, checkpoint, created_at, updated_at";

    /** Messages per drain. */
    @Param({"20000"})
    public int messages;

    private PgBench db;
    private ResourceLocalTransactionRunner nodeA;
    private ResourceLocalTransactionRunner nodeB;
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private volatile CountDownLatch done = new CountDownLatch(0);

    /** Migrates the schema and starts two nodes' Hibernate. */
    @Setup(Level.Trial)
    public void setUp() {
        db = PgBench.create("bench_outbox");
        nodeA = ResourceLocalTransactionRunner.create(db.factory("bench-outbox-a", 4, null));
        nodeB = ResourceLocalTransactionRunner.create(db.factory("bench-outbox-b", 4, null));
    }

    /** Loads the due messages. */
    @Setup(Level.Iteration)
    public void load() {
        deliveries.clear();
        done = new CountDownLatch(messages);
        load(db, messages);
    }

    static void load(PgBench db, int messages) {
        db.execute("INSERT INTO portal_outbox (id, intent_type, institution_id, patient_id, subject_id, sms_enabled,"
                + " intent_created_at, attributes, state, attempts, next_attempt_at, created_at, updated_at)"
                + " SELECT gen_random_uuid()::text, 'DOCUMENT_PUBLISHED', 'bench-clinic', 'p' || g, 'doc-' || g, true,"
                + " now(), '{}', 'PENDING', 0, now() - INTERVAL '1 minute', now(), now()"
                + " FROM generate_series(1, " + messages + ") g");
        db.execute("ANALYZE portal_outbox");
    }

    /** Checks that every message was delivered exactly once, and that the table is empty. */
    @TearDown(Level.Iteration)
    public void check() {
        long left = db.queryLong("SELECT COUNT(*) FROM portal_outbox");
        long duplicates = deliveries.values().stream().filter(n -> n.get() > 1).count();
        if (!deliveries.isEmpty() && (deliveries.size() != messages || duplicates > 0 || left > 0)) {
            throw new IllegalStateException("delivered " + deliveries.size() + " of " + messages + ", " + duplicates
                    + " more than once, " + left + " left");
        }
        if (deliveries.isEmpty()) {
            db.execute("DELETE FROM portal_outbox");
        }
    }

    /** Drops the schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
    }

    private DeliveryOutcome deliver(NotificationIntent intent) {
        if (deliveries
                        .computeIfAbsent(intent.id().toString(), k -> new AtomicInteger())
                        .incrementAndGet()
                == 1) {
            done.countDown();
        }
        return DeliveryOutcome.sent();
    }

    /** Two dispatchers, default settings, until every message was delivered. */
    @Benchmark
    public long dispatchers() throws InterruptedException {
        OutboxDispatcher a = OutboxDispatcher.builder(nodeA, this::deliver).build();
        OutboxDispatcher b = OutboxDispatcher.builder(nodeB, this::deliver).build();
        a.start();
        b.start();
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("not drained");
        }
        a.stop();
        b.stop();
        return done.getCount();
    }

    /** Baseline: two JDBC threads claiming batches of 20 and deleting them, until the table is empty. */
    @Benchmark
    public long jdbcClaimAndDelete() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                try (Connection c = db.connect()) {
                    drainRaw(c);
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return done.getCount();
    }

    private void drainRaw(Connection c) throws SQLException {
        c.setAutoCommit(false);
        String owner = UUID.randomUUID().toString();
        while (true) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            List<String> ids = new ArrayList<>(BATCH);
            try (PreparedStatement s = c.prepareStatement(CLAIM)) {
                s.setString(1, owner);
                s.setObject(2, now.plusMinutes(2));
                s.setObject(3, now);
                s.setObject(4, now);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            c.commit();
            if (ids.isEmpty()) {
                return;
            }
            for (String id : ids) {
                deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                done.countDown();
            }
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM portal_outbox WHERE lease_owner = ? AND id = ANY(?)")) {
                Array array = c.createArrayOf("varchar", ids.toArray());
                s.setString(1, owner);
                s.setArray(2, array);
                s.executeUpdate();
            }
            c.commit();
        }
    }

    /**
     * The two arms alternated in one JVM: {@code rounds} drains of each, dispatchers first in odd rounds, prints each
     * drain's messages per second and the medians.
     *
     * @param args the rounds (default 5); the messages per drain (default 20,000)
     * @throws Exception when a drain fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        OutboxThroughputBenchmark b = new OutboxThroughputBenchmark();
        b.messages = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        b.setUp();
        List<Double> lib = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        try {
            for (int r = 0; r <= rounds; r++) {
                for (int arm = 0; arm < 2; arm++) {
                    boolean dispatchers = (arm == 0) == (r % 2 == 1);
                    b.load();
                    long t0 = System.nanoTime();
                    if (dispatchers) {
                        b.dispatchers();
                    } else {
                        b.jdbcClaimAndDelete();
                    }
                    double perSecond = b.messages / ((System.nanoTime() - t0) / 1e9);
                    b.check();
                    if (r > 0) { // round 0 warms up
                        (dispatchers ? lib : raw).add(perSecond);
                    }
                    System.out.printf(
                            java.util.Locale.ROOT,
                            "[outbox] round %d %-20s %,8.0f messages/s%s%n",
                            r,
                            dispatchers ? "dispatchers" : "jdbcClaimAndDelete",
                            perSecond,
                            r == 0 ? " (warm-up)" : "");
                }
            }
        } finally {
            b.tearDown();
        }
        double l = median(lib);
        double w = median(raw);
        System.out.printf(
                java.util.Locale.ROOT,
                "[outbox] median: dispatchers %,.0f/s, jdbcClaimAndDelete %,.0f/s, ratio %.2f; 0 duplicates, 0 lost%n",
                l,
                w,
                l / w);
        System.exit(0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
