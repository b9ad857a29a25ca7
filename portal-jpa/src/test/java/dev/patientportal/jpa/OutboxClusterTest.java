package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.Intents;
import dev.patientportal.jpa.testing.RecordingDelivery;
import dev.patientportal.jpa.testing.TestDatabase;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two nodes (two entity manager factories, each with its own dispatcher and threads) over one database, per database:
 * exactly-once delivery when nothing fails, take-over after a node dies mid-batch, and nothing lost on a flaky channel.
 * Waits are bounded loops; nothing asserts on timing.
 */
class OutboxClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** One schema and two nodes on it. */
    private static final class Cluster implements AutoCloseable {
        final TestDatabase db;
        final ResourceLocalTransactionRunner node1;
        final ResourceLocalTransactionRunner node2;

        Cluster(DatabaseKind kind) {
            Databases.assumeAvailable(kind);
            db = TestDatabase.create(kind);
            node1 = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(5));
            node2 = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(5));
        }

        List<NotificationIntent> submit(int count) {
            List<NotificationIntent> intents =
                    IntStream.range(0, count).mapToObj(Intents::intent).toList();
            OutboxNotifier notifier = OutboxNotifier.create(node1);
            for (int from = 0; from < count; from += 50) {
                List<NotificationIntent> chunk = intents.subList(from, Math.min(count, from + 50));
                node1.inTransaction(() -> {
                    chunk.forEach(notifier::submit);
                    return null;
                });
            }
            return intents;
        }

        long pending() {
            return OutboxAdmin.create(node2).pendingCount();
        }

        @Override
        public void close() {
            db.close();
        }
    }

    private static OutboxDispatcher.Builder dispatcher(
            ResourceLocalTransactionRunner node, RecordingDelivery delivery, String name) {
        return OutboxDispatcher.builder(node, delivery)
                .name(name)
                .threads(2)
                .batchSize(10)
                .pollInterval(Duration.ofMillis(25))
                .lease(Duration.ofSeconds(30))
                .shutdownTimeout(Duration.ofSeconds(10));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @ParameterizedTest(name = "{0}, SKIP LOCKED {1}")
    @CsvSource({"H2, true", "POSTGRESQL, true", "MARIADB, true", "H2, false", "POSTGRESQL, false", "MARIADB, false"})
    @DisplayName("two dispatchers deliver every message exactly once when nothing fails")
    void twoNodes_deliverEachMessageExactlyOnce(DatabaseKind kind, boolean skipLocked) throws Exception {
        try (Cluster cluster = new Cluster(kind)) {
            List<NotificationIntent> intents = cluster.submit(300);
            RecordingDelivery d1 = new RecordingDelivery();
            RecordingDelivery d2 = new RecordingDelivery();
            try (OutboxDispatcher a = dispatcher(cluster.node1, d1, "node1")
                            .skipLocked(skipLocked)
                            .build();
                    OutboxDispatcher b = dispatcher(cluster.node2, d2, "node2")
                            .skipLocked(skipLocked)
                            .build()) {
                a.start();
                b.start();
                await(
                        "all 300 are delivered",
                        () -> d1.sent().size() + d2.sent().size() >= 300);
            }

            Map<UUID, Integer> calls = merged(d1, d2);
            assertThat(calls)
                    .hasSize(300)
                    .allSatisfy(
                            (id, n) -> assertThat(n).as("deliveries of %s", id).isEqualTo(1));
            assertThat(ids(d1.sent(), d2.sent()))
                    .isEqualTo(intents.stream().map(NotificationIntent::id).collect(Collectors.toSet()));
            assertThat(cluster.pending()).isZero();
            if (skipLocked) {
                assertThat(d1.sent()).as("both nodes took part").isNotEmpty();
                assertThat(d2.sent()).as("both nodes took part").isNotEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("two dispatchers claiming and recording in batches while messages keep arriving: no duplicates")
    void twoNodes_batchesWhilePublishing_countNoDuplicates(DatabaseKind kind) throws Exception {
        try (Cluster cluster = new Cluster(kind)) {
            int total = 2000;
            RecordingDelivery d1 = new RecordingDelivery();
            RecordingDelivery d2 = new RecordingDelivery();
            java.util.concurrent.ConcurrentHashMap<UUID, java.util.concurrent.atomic.AtomicInteger> attempts =
                    new java.util.concurrent.ConcurrentHashMap<>();
            java.util.function.Function<NotificationIntent, DeliveryOutcome> count = i -> {
                attempts.computeIfAbsent(i.id(), k -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
                return DeliveryOutcome.sent();
            };
            d1.behave(count);
            d2.behave(count);
            List<NotificationIntent> intents;
            try (OutboxDispatcher a = dispatcher(cluster.node1, d1, "batch1")
                            .batchSize(50)
                            .build();
                    OutboxDispatcher b = dispatcher(cluster.node2, d2, "batch2")
                            .batchSize(50)
                            .build()) {
                a.start();
                b.start();
                // Published in units of 50 while both dispatchers claim, so claims race the inserts and each other.
                intents = cluster.submit(total);
                await("all are delivered", () -> attempts.size() >= total);
                // Give a duplicate the chance to show up before counting.
                Thread.sleep(300);
            }

            assertThat(attempts).hasSize(total);
            long duplicates =
                    attempts.values().stream().filter(n -> n.get() > 1).count();
            assertThat(duplicates).as("messages delivered more than once").isZero();
            assertThat(attempts.keySet())
                    .isEqualTo(intents.stream().map(NotificationIntent::id).collect(Collectors.toSet()));
            assertThat(d1.sent().size() + d2.sent().size()).isEqualTo(total);
            assertThat(cluster.pending()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("a dispatcher that dies mid-batch has its messages delivered by the other after the lease")
    void deadNode_messagesAreTakenOverAfterLease(DatabaseKind kind) throws Exception {
        try (Cluster cluster = new Cluster(kind)) {
            List<NotificationIntent> intents = cluster.submit(25);
            RecordingDelivery dying = new RecordingDelivery().behave(i -> {
                throw new NodeDeath();
            });
            OutboxDispatcher doomed = OutboxDispatcher.builder(cluster.node1, dying)
                    .batchSize(10)
                    .lease(Duration.ofSeconds(2))
                    .build();
            // Its claim of 10 commits, then the node "dies" in its first delivery: no outcome is ever recorded.
            assertThatThrownBy(doomed::drainOnce).isInstanceOf(NodeDeath.class);
            assertThat(dying.totalCalls()).isEqualTo(1);

            RecordingDelivery survivor = new RecordingDelivery();
            try (OutboxDispatcher b =
                    dispatcher(cluster.node2, survivor, "survivor").build()) {
                b.start();
                await("the survivor delivered all 25", () -> survivor.sent().size() >= 25);
            }

            assertThat(ids(survivor.sent()))
                    .isEqualTo(intents.stream().map(NotificationIntent::id).collect(Collectors.toSet()));
            assertThat(survivor.calls()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            assertThat(cluster.pending()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("a channel that fails half the time still ends with every message delivered or parked, none lost")
    void flakyChannel_everyMessageDeliveredOrParked(DatabaseKind kind) throws Exception {
        try (Cluster cluster = new Cluster(kind)) {
            List<NotificationIntent> intents = cluster.submit(200);
            java.util.function.Function<NotificationIntent, DeliveryOutcome> flaky = i -> {
                int roll = ThreadLocalRandom.current().nextInt(4);
                if (roll == 0) {
                    throw new IllegalStateException("connection reset");
                }
                return roll == 1 ? DeliveryOutcome.retryLater() : DeliveryOutcome.sent();
            };
            RecordingDelivery d1 = new RecordingDelivery().behave(flaky);
            RecordingDelivery d2 = new RecordingDelivery().behave(flaky);
            OutboxAdmin admin = OutboxAdmin.create(cluster.node1);
            try (OutboxDispatcher a = dispatcher(cluster.node1, d1, "flaky1")
                            .maxAttempts(4)
                            .backoff(Duration.ofMillis(5), Duration.ofMillis(40))
                            .build();
                    OutboxDispatcher b = dispatcher(cluster.node2, d2, "flaky2")
                            .maxAttempts(4)
                            .backoff(Duration.ofMillis(5), Duration.ofMillis(40))
                            .build()) {
                a.start();
                b.start();
                await("nothing is pending", () -> cluster.pending() == 0);
            }

            Set<UUID> sent = ids(d1.sent(), d2.sent());
            Set<UUID> parked =
                    admin.listParked(1000).stream().map(p -> p.intent().id()).collect(Collectors.toSet());
            assertThat(d1.sent().size() + d2.sent().size())
                    .as("no message sent twice")
                    .isEqualTo(sent.size());
            assertThat(sent).doesNotContainAnyElementsOf(parked);
            Set<UUID> all = new HashSet<>(sent);
            all.addAll(parked);
            assertThat(all)
                    .isEqualTo(intents.stream().map(NotificationIntent::id).collect(Collectors.toSet()));
            assertThat(merged(d1, d2).values()).allSatisfy(n -> assertThat(n).isBetween(1, 4));
        }
    }

    @SafeVarargs
    private static Set<UUID> ids(List<NotificationIntent>... lists) {
        Set<UUID> out = new HashSet<>();
        for (List<NotificationIntent> l : lists) {
            l.forEach(i -> out.add(i.id()));
        }
        return out;
    }

    private static Map<UUID, Integer> merged(RecordingDelivery a, RecordingDelivery b) {
        Map<UUID, Integer> out = new java.util.HashMap<>(a.calls());
        b.calls().forEach((k, v) -> out.merge(k, v, Integer::sum));
        return out;
    }

    /** Stands for a node dying: not a RuntimeException, so the dispatcher does not catch it. */
    private static final class NodeDeath extends Error {
        private static final long serialVersionUID = 1L;
    }
}
