package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Intents;
import dev.patientportal.jpa.testing.RecordingDelivery;
import dev.patientportal.jpa.testing.TestDatabase;
import dev.patientportal.notify.Backoff;
import dev.patientportal.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The outbox on one node (H2, a schema per test): transactional submission, outcomes, back-off, parking, the admin API,
 * lease expiry, and a clean stop. The clock is a test clock, so nothing here waits for real time except the stop test.
 */
class OutboxDispatcherTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private TestDatabase db;
    private ResourceLocalTransactionRunner tx;
    private MutableClock clock;
    private OutboxNotifier notifier;
    private OutboxAdmin admin;
    private final RecordingDelivery delivery = new RecordingDelivery();

    @BeforeEach
    void setUp() {
        db = TestDatabase.create(DatabaseKind.H2);
        tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(8));
        clock = MutableClock.at(T0);
        notifier = OutboxNotifier.create(tx, clock);
        admin = OutboxAdmin.create(tx, tx, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private OutboxDispatcher.Builder dispatcher() {
        return OutboxDispatcher.builder(tx, delivery)
                .clock(clock)
                .backoff(Duration.ofSeconds(10), Duration.ofHours(1))
                .lease(Duration.ofMinutes(2))
                .maxAttempts(4);
    }

    private NotificationIntent submitted(int n) {
        NotificationIntent intent = Intents.intent(n);
        tx.inTransaction(() -> {
            notifier.submit(intent);
            return null;
        });
        return intent;
    }

    @Test
    @DisplayName("an intent committed with its change is delivered once, equal to what was submitted, and removed")
    void committedIntent_isDeliveredAndRemoved() {
        NotificationIntent intent = submitted(1);
        OutboxDispatcher d = dispatcher().build();

        assertThat(d.drainOnce()).isEqualTo(1);
        assertThat(delivery.sent()).containsExactly(intent);
        assertThat(admin.pendingCount()).isZero();
        assertThat(d.drainOnce()).isZero();
    }

    @Test
    @DisplayName("an intent whose unit of work rolls back is never stored, so never sent")
    void rolledBackIntent_isNeverSent() {
        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    notifier.submit(Intents.intent(1));
                    throw new IllegalStateException("the change failed");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(dispatcher().build().drainOnce()).isZero();
        assertThat(admin.pendingCount()).isZero();
        assertThat(delivery.totalCalls()).isZero();
    }

    @Test
    @DisplayName("submitting outside a unit of work is a wiring error")
    void submitOutsideUnitOfWork_fails() {
        assertThatThrownBy(() -> notifier.submit(Intents.intent(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("retries back off exponentially with jitter (half to all of base * 2^(n-1)), then the message parks")
    void retryLater_backsOffExponentially_thenParks() {
        NotificationIntent intent = submitted(1);
        delivery.behave(i -> DeliveryOutcome.retryLater());
        OutboxDispatcher d = dispatcher().build();

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(d.drainOnce()).as("attempt %d", attempt).isEqualTo(1);
            long full = 10L << (attempt - 1);
            Instant afterAttempt = clock.instant();
            clock.set(afterAttempt.plusMillis(full * 500 - 1));
            assertThat(d.drainOnce()).as("not due before half the delay").isZero();
            clock.set(afterAttempt.plusSeconds(full));
        }
        assertThat(d.drainOnce()).as("attempt 4").isEqualTo(1);

        List<ParkedMessage> parked = admin.listParked(10);
        assertThat(parked).singleElement().satisfies(p -> {
            assertThat(p.intent()).isEqualTo(intent);
            assertThat(p.attempts()).isEqualTo(4);
            assertThat(p.lastError()).isEqualTo("retry-later");
        });
        assertThat(admin.pendingCount()).isZero();
        clock.advance(Duration.ofDays(1));
        assertThat(d.drainOnce()).isZero();
    }

    @Test
    @DisplayName("the back-off never exceeds its maximum and is jittered")
    void backoff_isCappedAndJittered() {
        OutboxDispatcher d = dispatcher()
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .build();
        for (int attempt = 1; attempt < 100; attempt++) {
            long cap = Math.min(30_000L, attempt < 40 ? 1000L << (attempt - 1) : 30_000L);
            assertThat(d.backoff(attempt).toMillis()).isBetween(cap / 2, cap);
        }
        assertThat(IntStream.range(0, 50).mapToObj(i -> d.backoff(5)).distinct().count())
                .isGreaterThan(1);
    }

    @Test
    @DisplayName("the back-off may be given as the Backoff the notifier's retries use, and follows it")
    void backoff_isTheSharedOne() {
        Backoff shared = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        OutboxDispatcher d = dispatcher().backoff(shared).build();
        for (int attempt = 1; attempt < 20; attempt++) {
            Duration delay = shared.delay(attempt);
            assertThat(d.backoff(attempt)).isBetween(delay.dividedBy(2), delay);
        }
        assertThatThrownBy(() -> dispatcher()
                        .backoff(new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backoff base");
    }

    @Test
    @DisplayName("a delay the channel asks for is honoured")
    void retryAfter_isHonoured() {
        submitted(1);
        delivery.behave(i -> DeliveryOutcome.retryLater(Duration.ofMinutes(30)));
        OutboxDispatcher d = dispatcher().build();

        assertThat(d.drainOnce()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(29));
        assertThat(d.drainOnce()).isZero();
        clock.advance(Duration.ofMinutes(1));
        delivery.behave(i -> DeliveryOutcome.sent());
        assertThat(d.drainOnce()).isEqualTo(1);
        assertThat(delivery.sent()).hasSize(1);
    }

    @Test
    @DisplayName("a delivery that throws is retried, and only the exception's class is recorded")
    void throwingDelivery_countsAsRetry() {
        submitted(1);
        delivery.behave(i -> {
            throw new IllegalStateException("provider said something about +36201234567");
        });
        OutboxDispatcher d = dispatcher().maxAttempts(1).build();

        assertThat(d.drainOnce()).isEqualTo(1);

        assertThat(admin.listParked(10))
                .singleElement()
                .satisfies(p -> assertThat(p.lastError()).isEqualTo("exception:IllegalStateException"));
    }

    @Test
    @DisplayName("a permanent failure parks at once; the admin API lists, retries and discards parked messages")
    void failedPermanently_parks_andAdminRetriesOrDiscards() {
        NotificationIntent a = submitted(1);
        NotificationIntent b = submitted(2);
        delivery.behave(i -> DeliveryOutcome.failedPermanently("smtp:550"));
        OutboxDispatcher d = dispatcher().build();
        assertThat(d.drainOnce()).isEqualTo(2);

        assertThat(admin.listParked(10)).extracting(ParkedMessage::intent).containsExactlyInAnyOrder(a, b);
        assertThat(admin.listParked(a.institution(), 10)).hasSize(2);
        assertThat(admin.listParked(dev.patientportal.core.InstitutionId.of("other"), 10))
                .isEmpty();
        assertThat(admin.listParked(10)).allSatisfy(p -> {
            assertThat(p.attempts()).isEqualTo(1);
            assertThat(p.lastError()).isEqualTo("smtp:550");
        });

        delivery.behave(i -> DeliveryOutcome.sent());
        assertThat(admin.retry(a.id())).isTrue();
        assertThat(admin.retry(a.id())).as("no longer parked").isFalse();
        assertThat(d.drainOnce()).isEqualTo(1);
        assertThat(delivery.sent()).containsExactly(a);

        assertThat(admin.discard(b.id())).isTrue();
        assertThat(admin.discard(b.id())).isFalse();
        assertThat(admin.discard(UUID.randomUUID())).isFalse();
        assertThat(admin.parkedCount()).isZero();
        assertThat(admin.pendingCount()).isZero();
    }

    @Test
    @DisplayName("a claim that outlives its lease is taken over; its late outcome is ignored (the one duplicate case)")
    void expiredLease_isTakenOver_andLateOutcomeIgnored() {
        NotificationIntent intent = submitted(1);
        RecordingDelivery other = new RecordingDelivery();
        OutboxDispatcher nodeB = OutboxDispatcher.builder(tx, other)
                .clock(clock)
                .lease(Duration.ofMinutes(2))
                .build();
        // Node A's delivery stalls past its lease; meanwhile node B claims the message again and delivers it.
        delivery.behave(i -> {
            clock.advance(Duration.ofMinutes(3));
            assertThat(nodeB.drainOnce()).isEqualTo(1);
            return DeliveryOutcome.retryLater();
        });

        assertThat(dispatcher().build().drainOnce()).isEqualTo(1);

        assertThat(other.sent()).containsExactly(intent);
        assertThat(admin.pendingCount())
                .as("A's late RETRY_LATER did not resurrect it")
                .isZero();
        assertThat(admin.parkedCount()).isZero();
    }

    @Test
    @DisplayName("claims that never complete count as attempts: after the last, the message is parked, not delivered")
    void neverCompletingClaims_useUpAttempts() {
        submitted(1);
        OutboxDispatcher d = dispatcher().maxAttempts(2).build();
        for (int i = 0; i < 2; i++) {
            // a node claims and dies: its claim is committed, no outcome ever follows
            tx.inTransaction(() -> OutboxRepository.claim(
                    tx.currentEntityManager(),
                    true,
                    clock.instant(),
                    clock.instant().plus(Duration.ofMinutes(2)),
                    10,
                    2));
            clock.advance(Duration.ofMinutes(3));
        }

        assertThat(d.drainOnce()).isZero();
        assertThat(delivery.totalCalls()).isZero();
        assertThat(admin.listParked(10))
                .singleElement()
                .satisfies(p -> assertThat(p.lastError()).isEqualTo("attempts-exhausted:lease-expired"));
    }

    @Test
    @DisplayName(
            "started, it delivers in the background; stopped, it finishes what is in flight and gives back the rest")
    void startStop_deliversAndReleasesCleanly() throws Exception {
        List<NotificationIntent> intents =
                IntStream.range(0, 6).mapToObj(this::submitted).toList();
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        delivery.behave(i -> {
            inFlight.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryOutcome.sent();
        });
        OutboxDispatcher d = dispatcher()
                .threads(1)
                .batchSize(6)
                .pollInterval(Duration.ofMillis(20))
                .build();
        d.start();
        assertThat(inFlight.await(30, TimeUnit.SECONDS)).isTrue();

        Thread stopper = new Thread(d::stop);
        stopper.start();
        while (d.isRunning()) {
            Thread.onSpinWait();
        }
        release.countDown();
        stopper.join(30_000);

        assertThat(stopper.isAlive()).isFalse();
        assertThat(delivery.sent()).hasSize(1);
        assertThat(admin.pendingCount()).isEqualTo(5);
        // released, not leased: another dispatcher takes them at once, with their attempt not counted
        delivery.behave(i -> DeliveryOutcome.sent());
        OutboxDispatcher next = dispatcher().maxAttempts(1).batchSize(10).build();
        assertThat(next.drainOnce()).isEqualTo(5);
        assertThat(delivery.sent()).containsExactlyInAnyOrderElementsOf(intents);
        assertThatThrownBy(d::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("the builder reports every invalid setting at once, by name")
    void builder_reportsEveryProblem() {
        assertThatThrownBy(() -> OutboxDispatcher.builder(tx, delivery)
                        .batchSize(0)
                        .lease(Duration.ZERO)
                        .maxAttempts(0)
                        .threads(0)
                        .pollInterval(Duration.ofSeconds(-1))
                        .backoff(Duration.ofSeconds(10), Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("batchSize", "lease", "maxAttempts", "threads", "pollInterval", "backoff max");
    }

    @Test
    @DisplayName("an intent id already in the outbox fails the submitting unit of work")
    void duplicateIntentId_failsTheUnitOfWork() {
        NotificationIntent intent = submitted(1);

        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    notifier.submit(intent);
                    return null;
                }))
                .isInstanceOf(dev.patientportal.core.TemporaryFailureException.class);
        assertThat(admin.pendingCount()).isEqualTo(1);
    }
}
