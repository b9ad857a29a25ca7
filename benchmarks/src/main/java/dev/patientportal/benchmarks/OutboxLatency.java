package dev.patientportal.benchmarks;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.jpa.OutboxDispatcher;
import dev.patientportal.jpa.OutboxNotifier;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Publish to first delivery attempt on PostgreSQL, with the dispatcher's default settings (poll interval 1 s, LISTEN on):
 * the time from the start of the transaction that stores a notification through {@link OutboxNotifier} until the
 * dispatcher calls the delivery with it. {@code oneNode}: notifier and dispatcher on one node (one Hibernate, the
 * resource-local runner's commit hook wakes the dispatcher). {@code twoNodes}: the notifier on node A, which runs no
 * dispatcher, and the dispatcher on node B (its own Hibernate and connections), woken by PostgreSQL's
 * {@code NOTIFY}. Publishes arrive one at a time, 5 to 50 ms apart. Prints p50, p90, p99 and the maximum.
 *
 * <pre>{@code java -cp ... dev.patientportal.benchmarks.OutboxLatency [publishes per scenario, default 1000]}</pre>
 */
public final class OutboxLatency {
    private OutboxLatency() {}

    /**
     * Runs both scenarios.
     *
     * @param args the publishes per scenario (default 1000)
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int publishes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (PgBench db = PgBench.create("bench_latency")) {
            ResourceLocalTransactionRunner a = ResourceLocalTransactionRunner.create(db.factory("latency-a", 4, null));
            ResourceLocalTransactionRunner b = ResourceLocalTransactionRunner.create(db.factory("latency-b", 4, null));
            run("oneNode", a, a, publishes);
            run("twoNodes", a, b, publishes);
        }
        System.exit(0);
    }

    private static void run(
            String scenario,
            ResourceLocalTransactionRunner publisher,
            ResourceLocalTransactionRunner dispatcherNode,
            int publishes)
            throws InterruptedException {
        Map<UUID, Long> started = new ConcurrentHashMap<>();
        long[] latencies = new long[publishes];
        int warmUp = Math.max(1, publishes / 10);
        CountDownLatch all = new CountDownLatch(publishes + warmUp);
        int[] n = {0};
        OutboxDispatcher dispatcher = OutboxDispatcher.builder(dispatcherNode, intent -> {
                    long now = System.nanoTime();
                    Long t0 = started.remove(intent.id());
                    if (t0 != null) {
                        synchronized (latencies) {
                            if (intent.subjectId() != null
                                    && !intent.subjectId().startsWith("warm")) {
                                latencies[n[0]++] = now - t0;
                            }
                        }
                        all.countDown();
                    }
                    return DeliveryOutcome.sent();
                })
                .build();
        dispatcher.start();
        OutboxNotifier notifier = OutboxNotifier.create(publisher, Clock.systemUTC(), publisher);
        Random random = new Random(42);
        for (int i = 0; i < publishes + warmUp; i++) {
            String subject = (i < warmUp ? "warm-" : "doc-") + i;
            NotificationIntent intent = new NotificationIntent(
                    UUID.randomUUID(),
                    NotificationIntent.Type.DOCUMENT_PUBLISHED,
                    InstitutionId.of("bench-clinic"),
                    PatientId.of("p-" + i),
                    subject,
                    false,
                    Instant.now(),
                    Map.of());
            started.put(intent.id(), System.nanoTime());
            publisher.useTransaction(() -> notifier.submit(intent));
            Thread.sleep(5 + random.nextInt(46));
        }
        if (!all.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException(scenario + ": " + all.getCount() + " not delivered");
        }
        dispatcher.stop();
        long[] sorted;
        synchronized (latencies) {
            sorted = Arrays.copyOf(latencies, n[0]);
        }
        Arrays.sort(sorted);
        System.out.println(String.format(
                Locale.ROOT,
                "[latency] %-8s publishes %5d  p50 %8.2f ms  p90 %8.2f ms  p99 %8.2f ms  max %8.2f ms",
                scenario,
                sorted.length,
                at(sorted, 0.50),
                at(sorted, 0.90),
                at(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6));
    }

    private static double at(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }
}
