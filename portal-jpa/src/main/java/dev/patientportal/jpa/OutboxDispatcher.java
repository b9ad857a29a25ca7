package dev.patientportal.jpa;

import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.Exceptions;
import dev.patientportal.jpa.internal.OutboxRepository;
import dev.patientportal.jpa.internal.OutboxRepository.Claimed;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.jpa.spi.OutboxDelivery;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the notifications {@link OutboxNotifier} stored, at least once, from any number of nodes sharing one
 * database.
 *
 * <pre>{@code
 * OutboxDispatcher dispatcher = OutboxDispatcher.builder(tx, intent -> deliverSomehow(intent))
 *         .batchSize(20).pollInterval(Duration.ofSeconds(1)).lease(Duration.ofMinutes(2))
 *         .build();
 * dispatcher.start();
 * ...
 * dispatcher.stop();   // finishes what is in flight, gives back what is not
 * }</pre>
 *
 * <p><b>How it works.</b> A poller thread claims up to {@code batchSize} due rows in one short transaction
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED} where the database has it, then a conditional update that sets a lease
 * owner and moves {@code next_attempt_at} to now + {@code lease}) and commits. The worker pool ({@code threads}) then
 * calls {@link OutboxDelivery#deliver} for each, outside any transaction and holding no database lock, and records each
 * outcome in a short transaction of its own, only if the claim still holds the row: {@code SENT} deletes the row;
 * {@code RETRY_LATER} schedules the next attempt after {@code min(backoffMax, backoffBase * 2^(attempt-1))}, jittered
 * to between half and all of that (or after the delay the delivery asked for); {@code FAILED_PERMANENTLY}, a thrown
 * exception on the last attempt, or a retry with no attempts left parks the message for {@link OutboxAdmin}. A retry's
 * or failure's {@link DeliveryOutcome#checkpoint() checkpoint} is stored with the message and handed back to
 * {@link OutboxDelivery#deliver(dev.patientportal.core.NotificationIntent, String)} on the next attempt.
 *
 * <p><b>Guarantees.</b> Delivery is at least once. A duplicate happens only when a claim outlives its lease: a node
 * died (or stalled) after delivering but before recording, or one delivery took longer than the lease; then, once the
 * lease has passed, another dispatcher delivers the same intent (same {@code intent.id()}) again. Attempts are counted
 * when claimed, so a message whose deliveries keep killing their node is parked after {@code maxAttempts}. Node clocks
 * must agree to well within the lease.
 *
 * <p><b>Threads and transactions:</b> thread-safe. {@link #start()} and {@link #stop()} may be called from any thread;
 * {@link #drainOnce()} runs on the caller's thread and must not be called inside a unit of work (its claim must commit
 * before delivering).
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final TransactionRunner transactions;
    private final EntityManagerProvider entityManagers;
    private final OutboxDelivery delivery;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration lease;
    private final int maxAttempts;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final int threads;
    private final Duration shutdownTimeout;
    private final Clock clock;
    private final String name;

    private final Object lifecycle = new Object();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile @Nullable Boolean skipLocked;
    private volatile boolean stopping;
    private @Nullable Thread poller;
    private @Nullable ExecutorService workers;
    private boolean started;

    private OutboxDispatcher(Builder b) {
        this.transactions = b.transactions;
        this.entityManagers = b.entityManagers;
        this.delivery = b.delivery;
        this.batchSize = b.batchSize;
        this.pollInterval = b.pollInterval;
        this.lease = b.lease;
        this.maxAttempts = b.maxAttempts;
        this.backoffBase = b.backoffBase;
        this.backoffMax = b.backoffMax;
        this.threads = b.threads;
        this.shutdownTimeout = b.shutdownTimeout;
        this.clock = b.clock;
        this.skipLocked = b.skipLocked;
        this.name = b.name != null ? b.name : "portal-outbox-" + INSTANCES.incrementAndGet();
    }

    /**
     * Starts building a dispatcher on a resource-local runner.
     *
     * @param runner the runner, which is also the entity-manager provider
     * @param delivery where messages go
     * @return a builder with the defaults
     */
    public static Builder builder(ResourceLocalTransactionRunner runner, OutboxDelivery delivery) {
        return new Builder(runner, runner, delivery);
    }

    /**
     * Starts building a dispatcher on the host's transactions (Spring's {@code TransactionTemplate}, JTA). The runner
     * must start a new transaction when none is running on the dispatcher's threads.
     *
     * @param transactions how a unit of work runs
     * @param entityManagers the current entity manager of each unit of work
     * @param delivery where messages go
     * @return a builder with the defaults
     */
    public static Builder builder(TransactionRunner transactions, EntityManagerProvider entityManagers,
            OutboxDelivery delivery) {
        return new Builder(transactions, entityManagers, delivery);
    }

    /**
     * Starts the poller and the worker pool. Idempotent while running.
     *
     * @throws IllegalStateException when the dispatcher was stopped; build a new one
     */
    public void start() {
        synchronized (lifecycle) {
            if (stopping) {
                throw new IllegalStateException("A stopped dispatcher cannot be restarted");
            }
            if (started) {
                return;
            }
            started = true;
            AtomicInteger n = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            workers = Executors.newFixedThreadPool(threads, factory);
            Thread t = new Thread(this::pollLoop, name + "-poller");
            t.setDaemon(true);
            poller = t;
            t.start();
            LOG.info("Outbox dispatcher {} started: batch {}, poll {}, lease {}, {} attempts, {} threads", name,
                    batchSize, pollInterval, lease, maxAttempts, threads);
        }
    }

    /**
     * Stops cleanly: claims nothing more, lets deliveries in flight finish and record their outcome, and gives claimed
     * messages not yet started back to the outbox (due at once, the attempt not counted), so no work is lost. Waits up
     * to the shutdown timeout; deliveries still running after it are interrupted, and their messages are delivered
     * again after the lease. Idempotent.
     */
    public void stop() {
        Thread t;
        ExecutorService pool;
        synchronized (lifecycle) {
            if (stopping) {
                return;
            }
            stopping = true;
            t = poller;
            pool = workers;
        }
        wakeUp.release();
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        try {
            if (t != null) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (pool != null) {
                pool.shutdown();
                if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("Outbox dispatcher {}: deliveries still running after {}; interrupting them, their"
                            + " messages will be delivered again after the lease", name, shutdownTimeout);
                    pool.shutdownNow();
                }
            }
            if (t != null && t.isAlive()) {
                t.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        LOG.info("Outbox dispatcher {} stopped", name);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Tells whether the dispatcher has been started and not stopped.
     *
     * @return whether it is running
     */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return started && !stopping;
        }
    }

    /**
     * Asks the poller to look for due messages now instead of at the end of its poll interval, for example after a
     * commit that stored one.
     */
    public void wakeUp() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /**
     * Claims one batch of due messages, delivers each on the calling thread and records the outcomes. For tests and
     * for hosts that schedule delivery themselves; independent of {@link #start()}.
     *
     * @return how many messages were claimed (0 when nothing was due)
     */
    public int drainOnce() {
        List<Claimed> batch = claim();
        for (Claimed c : batch) {
            deliverAndRecord(c, false);
        }
        return batch.size();
    }

    private void pollLoop() {
        ExecutorService pool = Objects.requireNonNull(workers);
        while (!stopping) {
            int claimed = 0;
            try {
                List<Claimed> batch = claim();
                claimed = batch.size();
                List<Future<?>> running = new ArrayList<>(batch.size());
                for (Claimed c : batch) {
                    running.add(pool.submit(() -> deliverAndRecord(c, true)));
                }
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        LOG.error("Outbox dispatcher {}: a delivery task failed: {}", name,
                                Exceptions.describe(e.getCause() == null ? e : e.getCause()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Outbox dispatcher {}: claiming failed, will try again: {}", name, Exceptions.describe(e));
            }
            if (claimed < batchSize && !stopping) {
                try {
                    wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private List<Claimed> claim() {
        Instant now = clock.instant();
        return inTransaction(em -> {
            Boolean skip = skipLocked;
            if (skip == null) {
                skip = OutboxRepository.supportsSkipLocked(em);
                skipLocked = skip;
                LOG.info("Outbox dispatcher {} claims with {}", name,
                        skip ? "SELECT ... FOR UPDATE SKIP LOCKED and a lease" : "conditional updates and a lease");
            }
            return OutboxRepository.claim(em, skip, now, now.plus(lease), batchSize, maxAttempts);
        });
    }

    private void deliverAndRecord(Claimed c, boolean mayRelease) {
        String id = c.intent().id().toString();
        if (mayRelease && stopping) {
            record(c, "release", em -> OutboxRepository.release(em, id, c.token(), clock.instant()));
            return;
        }
        DeliveryOutcome outcome;
        String error;
        try {
            outcome = Objects.requireNonNull(delivery.deliver(c.intent(), c.checkpoint()), "delivery returned null");
            error = outcome.reason() == null ? "retry-later" : outcome.reason();
        } catch (RuntimeException e) {
            // What the last attempt left to do is still to do.
            String previous = c.checkpoint();
            outcome = previous == null ? DeliveryOutcome.retryLater()
                    : DeliveryOutcome.retryLater().withCheckpoint(previous);
            error = "exception:" + e.getClass().getSimpleName();
            LOG.warn("Outbox message {} ({}) attempt {} threw {}", id, c.intent().type(), c.attempt(),
                    e.getClass().getName());
        }
        Instant now = clock.instant();
        String reason = error;
        String checkpoint = outcome.checkpoint();
        switch (outcome.kind()) {
            case SENT -> record(c, "sent", em -> OutboxRepository.delivered(em, id, c.token()));
            case FAILED_PERMANENTLY -> {
                LOG.warn("Outbox message {} ({}) failed permanently ({}); parked", id, c.intent().type(), reason);
                record(c, "park", em -> OutboxRepository.park(em, id, c.token(), reason, checkpoint, now));
            }
            case RETRY_LATER -> {
                if (c.attempt() >= maxAttempts) {
                    LOG.warn("Outbox message {} ({}) parked after {} attempts ({})", id, c.intent().type(),
                            c.attempt(), reason);
                    record(c, "park", em -> OutboxRepository.park(em, id, c.token(), reason, checkpoint, now));
                } else {
                    Instant next = now.plus(outcome.retryAfterDelay().orElseGet(() -> backoff(c.attempt())));
                    record(c, "retry", em -> OutboxRepository.retryAt(em, id, c.token(), next, reason, checkpoint,
                            now));
                }
            }
        }
    }

    /** Records an outcome, retrying a few times; a claim that no longer holds the row is logged, not an error. */
    private void record(Claimed c, String what, Function<EntityManager, Boolean> update) {
        for (int attempt = 1; ; attempt++) {
            try {
                boolean held = inTransaction(update);
                if (!held) {
                    LOG.warn("Outbox message {}: the lease expired before its outcome ({}) was recorded; another"
                            + " dispatcher may deliver it again", c.intent().id(), what);
                }
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    LOG.error("Outbox message {}: recording its outcome ({}) failed; it will be retried after the"
                            + " lease: {}", c.intent().id(), what, Exceptions.describe(e));
                    return;
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** {@code min(max, base * 2^(attempt-1))}, jittered uniformly to between half and all of it. */
    Duration backoff(int attempt) {
        long base = backoffBase.toMillis();
        long max = backoffMax.toMillis();
        long delay = max;
        if (attempt - 1 < 62) {
            long factor = 1L << Math.max(0, attempt - 1);
            if (base <= max / factor) {
                delay = base * factor;
            }
        }
        long half = delay / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
    }

    private <T> T inTransaction(Function<EntityManager, T> work) {
        return transactions.inTransaction(() -> work.apply(entityManagers.currentEntityManager()));
    }

    /**
     * Configures a dispatcher; {@link #build()} checks every setting at once and names each problem.
     *
     * <p>Defaults: batch size 20, poll interval 1 s, lease 2 min, 8 attempts, back-off 10 s doubling up to 1 h, 2
     * worker threads, shutdown timeout 30 s, the system UTC clock, {@code SKIP LOCKED} detected from the database.
     */
    public static final class Builder {
        private final TransactionRunner transactions;
        private final EntityManagerProvider entityManagers;
        private final OutboxDelivery delivery;
        private int batchSize = 20;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration lease = Duration.ofMinutes(2);
        private int maxAttempts = 8;
        private Duration backoffBase = Duration.ofSeconds(10);
        private Duration backoffMax = Duration.ofHours(1);
        private int threads = 2;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private @Nullable Boolean skipLocked;
        private @Nullable String name;

        private Builder(TransactionRunner transactions, EntityManagerProvider entityManagers,
                OutboxDelivery delivery) {
            this.transactions = Objects.requireNonNull(transactions, "transactions");
            this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
            this.delivery = Objects.requireNonNull(delivery, "delivery");
        }

        /**
         * Sets how many messages one claim takes. Default 20.
         *
         * @param batchSize 1 to 1000
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets how long the poller waits when the last claim found fewer messages than a batch. Default 1 s.
         *
         * @param pollInterval positive
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * Sets how long a claim holds its messages. A claim whose outcome is not recorded within the lease (its node
         * died, or its deliveries were too slow) lets another dispatcher take the messages: the only source of
         * duplicates. Make it comfortably longer than a batch takes to deliver. Default 2 min.
         *
         * @param lease positive
         * @return this builder
         */
        public Builder lease(Duration lease) {
            this.lease = lease;
            return this;
        }

        /**
         * Sets how many attempts a message gets before it is parked. Default 8.
         *
         * @param maxAttempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the back-off: the first retry waits about {@code base}, each further one twice as long, never more than
         * {@code max}; each delay is jittered to between half and all of it. Defaults 10 s and 1 h.
         *
         * @param base positive
         * @param max at least {@code base}
         * @return this builder
         */
        public Builder backoff(Duration base, Duration max) {
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        /**
         * Sets how many deliveries run at once on this node. Default 2.
         *
         * @param threads 1 to 256
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Sets how long {@link OutboxDispatcher#stop()} waits for deliveries in flight. Default 30 s.
         *
         * @param shutdownTimeout zero or more
         * @return this builder
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /**
         * Sets the clock that decides what is due; use the {@link OutboxNotifier}'s. Default: system UTC.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Forces whether candidates are picked with {@code FOR UPDATE SKIP LOCKED}; by default it is detected from the
         * database (PostgreSQL 9.5+, MariaDB 10.6+, MySQL 8+, H2 2.2+). Without it, claims are still exclusive (by
         * conditional update) but concurrent dispatchers contend for the same rows.
         *
         * @param skipLocked whether to use it
         * @return this builder
         */
        public Builder skipLocked(boolean skipLocked) {
            this.skipLocked = skipLocked;
            return this;
        }

        /**
         * Names the dispatcher in thread names and log lines. Default {@code portal-outbox-<n>}.
         *
         * @param name a short name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Checks the settings and builds the dispatcher (not started).
         *
         * @return the dispatcher
         * @throws IllegalArgumentException naming every setting that is wrong
         */
        public OutboxDispatcher build() {
            List<String> problems = new ArrayList<>();
            if (batchSize < 1 || batchSize > 1000) {
                problems.add("batchSize must be between 1 and 1000");
            }
            if (!positive(pollInterval)) {
                problems.add("pollInterval must be positive");
            }
            if (!positive(lease)) {
                problems.add("lease must be positive");
            }
            if (maxAttempts < 1) {
                problems.add("maxAttempts must be at least 1");
            }
            if (!positive(backoffBase) || backoffBase.toMillis() < 1) {
                problems.add("backoff base must be at least 1 ms");
            }
            if (backoffMax == null || backoffBase == null || backoffMax.compareTo(backoffBase) < 0) {
                problems.add("backoff max must be at least the base");
            }
            if (threads < 1 || threads > 256) {
                problems.add("threads must be between 1 and 256");
            }
            if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
                problems.add("shutdownTimeout must not be negative");
            }
            if (clock == null) {
                problems.add("clock must not be null");
            }
            if (name != null && name.isBlank()) {
                problems.add("name must not be blank");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid outbox dispatcher settings: " + String.join("; ", problems));
            }
            return new OutboxDispatcher(this);
        }

        private static boolean positive(@Nullable Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }
    }
}
