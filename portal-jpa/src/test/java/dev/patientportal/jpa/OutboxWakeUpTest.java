package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.spi.CommitHook;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.Intents;
import dev.patientportal.jpa.testing.RecordingDelivery;
import dev.patientportal.jpa.testing.TestDatabase;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A dispatcher that has gone to sleep for its poll interval is woken by a commit that stored a notification: on the
 * same node through the commit hook (every database), on another node through PostgreSQL's {@code LISTEN/NOTIFY}. The
 * poll interval is 30 s, so a delivery within 15 s proves the wake-up; nothing asserts how fast it is.
 */
class OutboxWakeUpTest {
    private static final Duration POLL = Duration.ofSeconds(30);
    private static final Duration WELL_UNDER_POLL = Duration.ofSeconds(15);

    private static OutboxDispatcher.Builder sleepy(ResourceLocalTransactionRunner node, RecordingDelivery delivery) {
        return OutboxDispatcher.builder(node, delivery).pollInterval(POLL).shutdownTimeout(Duration.ofSeconds(5));
    }

    private static NotificationIntent publish(TransactionRunner tx, OutboxNotifier notifier, int n) {
        NotificationIntent intent = Intents.intent(n);
        tx.inTransaction(() -> {
            notifier.submit(intent);
            return null;
        });
        return intent;
    }

    /** Waits for a condition, failing once the time is up. */
    private static void within(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not " + what + " within " + limit + " (poll interval " + POLL + ")");
            }
            Thread.sleep(10);
        }
    }

    /**
     * Publishes one message and waits for it: the first claim after start delivers it, after which the poller sleeps
     * for its whole poll interval (the batch was not full).
     */
    private static void primeUntilAsleep(TransactionRunner tx, OutboxNotifier notifier, RecordingDelivery delivery)
            throws InterruptedException {
        NotificationIntent first = publish(tx, notifier, 0);
        within(Duration.ofSeconds(60), "primed", () -> delivery.calls().containsKey(first.id()));
        Thread.sleep(200);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("a commit on this node wakes its sleeping dispatcher before the poll interval elapsed")
    void localCommit_wakesTheDispatcher(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(4));
            OutboxNotifier notifier = OutboxNotifier.create(tx);
            RecordingDelivery delivery = new RecordingDelivery();
            // Not listening: on PostgreSQL the database would wake it too, and this is about the commit hook.
            try (OutboxDispatcher d = sleepy(tx, delivery).listen(false).build()) {
                d.start();
                primeUntilAsleep(tx, notifier, delivery);

                NotificationIntent second = publish(tx, notifier, 1);
                within(WELL_UNDER_POLL, "woken", () -> delivery.calls().containsKey(second.id()));
            }
        }
    }

    @Test
    @DisplayName("with the host's own runner, the commit hook given to the notifier wakes the dispatcher")
    void hostRunner_commitHookWakesTheDispatcher() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
            ResourceLocalTransactionRunner underlying =
                    ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(4));
            // Stands for Spring: a runner and a provider that are not CommitHooks, and a hook of the host's own.
            TransactionRunner host = new TransactionRunner() {
                @Override
                public <T> T inTransaction(Supplier<T> work) {
                    return underlying.inTransaction(work);
                }
            };
            EntityManagerProvider ems = underlying::currentEntityManager;
            CommitHook hook = underlying::afterCommit;
            OutboxNotifier notifier = OutboxNotifier.create(ems, java.time.Clock.systemUTC(), hook);
            RecordingDelivery delivery = new RecordingDelivery();
            try (OutboxDispatcher d = OutboxDispatcher.builder(host, ems, delivery)
                    .pollInterval(POLL)
                    .shutdownTimeout(Duration.ofSeconds(5))
                    .build()) {
                d.start();
                primeUntilAsleep(host, notifier, delivery);

                NotificationIntent second = publish(host, notifier, 1);
                within(WELL_UNDER_POLL, "woken", () -> delivery.calls().containsKey(second.id()));
            }
        }
    }

    @Test
    @DisplayName("PostgreSQL: a commit on node A wakes node B's sleeping dispatcher before the poll interval elapsed")
    void otherNodesCommit_wakesTheDispatcher_onPostgres() throws Exception {
        Databases.assumeAvailable(DatabaseKind.POSTGRESQL);
        try (TestDatabase db = TestDatabase.create(DatabaseKind.POSTGRESQL)) {
            ResourceLocalTransactionRunner nodeA =
                    ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(3));
            ResourceLocalTransactionRunner nodeB =
                    ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(3));
            OutboxNotifier publisherOnA = OutboxNotifier.create(nodeA);
            RecordingDelivery delivery = new RecordingDelivery();
            try (OutboxDispatcher onB = sleepy(nodeB, delivery).build()) {
                onB.start();
                within(Duration.ofSeconds(60), "listening", onB::listening);
                primeUntilAsleep(nodeA, publisherOnA, delivery);

                // Node A has no dispatcher, and its commit hook reaches only A's: only the database can wake B.
                NotificationIntent second = publish(nodeA, publisherOnA, 1);
                within(WELL_UNDER_POLL, "woken", () -> delivery.calls().containsKey(second.id()));

                // A parked message that staff retry on node A wakes B as well.
                delivery.behave(i -> dev.patientportal.jpa.spi.DeliveryOutcome.failedPermanently("test:park"));
                NotificationIntent third = publish(nodeA, publisherOnA, 2);
                within(
                        WELL_UNDER_POLL,
                        "parked",
                        () -> OutboxAdmin.create(nodeA).parkedCount() == 1);
                delivery.behave(i -> dev.patientportal.jpa.spi.DeliveryOutcome.sent());
                assertThat(OutboxAdmin.create(nodeA).retry(third.id())).isTrue();
                within(
                        WELL_UNDER_POLL,
                        "woken by the retry",
                        () -> delivery.sent().stream().anyMatch(i -> i.id().equals(third.id())));
            }
        }
    }
}
