package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.Intents;
import dev.patientportal.jpa.testing.RecordingDelivery;
import dev.patientportal.jpa.testing.TestDatabase;
import dev.patientportal.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outbox's numbers and health ({@link OutboxAdmin#stats()}, {@link OutboxAdmin#health(Duration)}) and the
 * dispatcher's outcome signals, on each database: a parked message and an overdue one turn it DOWN, a message in
 * back-off does not, and a delivery reports its latency.
 */
class OutboxHealthTest {
    /** The intents' creation time ({@link Intents}). */
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private static final Duration LIMIT = Duration.ofMinutes(5);

    private TestDatabase db;
    private ResourceLocalTransactionRunner tx;
    private final MutableClock clock = MutableClock.at(T0);
    private final RecordingDelivery delivery = new RecordingDelivery();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final PortalMetricsListener metrics = new PortalMetricsListener() {
        @Override
        public void outboxOutcome(InstitutionId institution, OutboxOutcome outcome, Duration age) {
            heard.add(institution.value() + " " + outcome + " " + age);
        }
    };

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private OutboxAdmin open(DatabaseKind kind) {
        Databases.assumeAvailable(kind);
        db = TestDatabase.create(kind);
        tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(4));
        return OutboxAdmin.create(tx, tx, clock);
    }

    private OutboxDispatcher dispatcher(PortalMetricsListener listener) {
        return OutboxDispatcher.builder(tx, delivery)
                .clock(clock)
                .backoff(Duration.ofSeconds(10), Duration.ofHours(1))
                .maxAttempts(3)
                .metrics(listener)
                .build();
    }

    private NotificationIntent submitted(int n) {
        NotificationIntent intent = Intents.intent(n);
        OutboxNotifier notifier = OutboxNotifier.create(tx, clock);
        tx.inTransaction(() -> {
            notifier.submit(intent);
            return null;
        });
        return intent;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    @DisplayName("an empty outbox is UP with zeros")
    void empty_isUp(DatabaseKind kind) {
        OutboxAdmin admin = open(kind);
        assertThat(admin.stats()).isEqualTo(new OutboxStats(0, 0, Duration.ZERO));
        OutboxHealth health = admin.health(LIMIT);
        assertThat(health.status()).isEqualTo(OutboxHealth.Status.UP);
        assertThat(health.isUp()).isTrue();
        assertThat(health.reason()).isNull();
        assertThat(admin.oldestDueAge()).isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    @DisplayName("a due message nobody delivers turns the outbox DOWN once it waited longer than the limit")
    void overdueMessage_isDownByAge(DatabaseKind kind) {
        OutboxAdmin admin = open(kind);
        submitted(1);
        submitted(2);
        clock.advance(Duration.ofMinutes(4));
        assertThat(admin.oldestDueAge()).isEqualTo(Duration.ofMinutes(4));
        assertThat(admin.health(LIMIT).isUp()).isTrue();

        clock.advance(Duration.ofMinutes(2));
        OutboxHealth health = admin.health(LIMIT);
        assertThat(health.status()).isEqualTo(OutboxHealth.Status.DOWN);
        assertThat(health.pending()).isEqualTo(2);
        assertThat(health.parked()).isZero();
        assertThat(health.oldestDueAge()).isEqualTo(Duration.ofMinutes(6));
        assertThat(health.reason()).isEqualTo("the oldest due message has waited PT6M, more than PT5M");
        assertThat(admin.health(Duration.ofMinutes(7)).isUp()).isTrue();

        dispatcher(metrics).drainOnce();
        assertThat(admin.health(LIMIT))
                .isEqualTo(new OutboxHealth(OutboxHealth.Status.UP, 0, 0, Duration.ZERO, LIMIT, null));
        assertThat(heard).containsExactly("inst-outbox DELIVERED PT6M", "inst-outbox DELIVERED PT6M");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    @DisplayName("a delivered message reports its latency from its creation; a retried one is not due in its back-off")
    void delivered_reportsLatency_andBackoffIsNotDue(DatabaseKind kind) {
        OutboxAdmin admin = open(kind);
        NotificationIntent first = submitted(1);
        delivery.behave(i -> i.id().equals(first.id()) ? DeliveryOutcome.retryLater() : DeliveryOutcome.sent());
        submitted(2);
        clock.advance(Duration.ofMillis(1500));

        OutboxDispatcher d = dispatcher(metrics);
        assertThat(d.drainOnce()).isEqualTo(2);
        assertThat(heard).containsExactlyInAnyOrder("inst-outbox RETRIED PT1.5S", "inst-outbox DELIVERED PT1.5S");

        // In back-off (10 s, jittered to 5..10 s): pending, not due.
        assertThat(admin.stats()).isEqualTo(new OutboxStats(1, 0, Duration.ZERO));
        clock.advance(Duration.ofSeconds(20));
        assertThat(admin.oldestDueAge()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    @DisplayName("a parked message turns the outbox DOWN until staff discard or retry it")
    void parkedMessage_isDown(DatabaseKind kind) {
        OutboxAdmin admin = open(kind);
        NotificationIntent intent = submitted(1);
        delivery.behave(i -> DeliveryOutcome.failedPermanently("notify:SMS=INVALID_NUMBER"));
        clock.advance(Duration.ofSeconds(2));
        dispatcher(metrics).drainOnce();

        assertThat(heard).containsExactly("inst-outbox PARKED PT2S");
        OutboxHealth health = admin.health(LIMIT);
        assertThat(health.status()).isEqualTo(OutboxHealth.Status.DOWN);
        assertThat(health.parked()).isEqualTo(1);
        assertThat(health.pending()).isZero();
        assertThat(health.reason()).isEqualTo("1 message is parked");

        assertThat(admin.discard(intent.id())).isTrue();
        assertThat(admin.health(LIMIT).isUp()).isTrue();
    }

    @Test
    @DisplayName("a metrics listener that throws breaks no delivery")
    void throwingListener_breaksNoDelivery() {
        OutboxAdmin admin = open(DatabaseKind.H2);
        NotificationIntent intent = submitted(1);
        OutboxDispatcher d = dispatcher(new PortalMetricsListener() {
            @Override
            public void outboxOutcome(InstitutionId institution, OutboxOutcome outcome, Duration age) {
                throw new IllegalStateException("registry down");
            }
        });
        assertThat(d.drainOnce()).isEqualTo(1);
        assertThat(delivery.sent()).containsExactly(intent);
        assertThat(admin.pendingCount()).isZero();
        assertThat(d.drainOnce()).isZero();
    }

    @Test
    @DisplayName("the health rule: parked and late reasons together, limits and counts checked")
    void healthRule() {
        OutboxHealth both = new OutboxStats(3, 2, Duration.ofMinutes(10)).health(LIMIT);
        assertThat(both.status()).isEqualTo(OutboxHealth.Status.DOWN);
        assertThat(both.reason())
                .isEqualTo("2 messages are parked; the oldest due message has waited PT10M, more than PT5M");
        assertThat(new OutboxStats(3, 0, LIMIT).health(LIMIT).isUp())
                .as("exactly at the limit")
                .isTrue();
        assertThatThrownBy(() -> new OutboxStats(0, 0, Duration.ZERO).health(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboxStats(-1, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboxStats(0, -1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboxStats(0, 0, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboxHealth(OutboxHealth.Status.DOWN, 0, 0, Duration.ZERO, LIMIT, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboxHealth(OutboxHealth.Status.UP, 0, 0, Duration.ZERO, LIMIT, "why"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
