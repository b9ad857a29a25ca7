package dev.patientportal.jpa;

import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.OutcomeRecorder.Outcome;
import dev.patientportal.jpa.internal.OutboxRepository.Claimed;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.jpa.spi.OutboxDelivery;
import dev.patientportal.notify.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p><b>How it works.</b> A poller thread claims up to {@code batchSize} due rows in one short transaction and
 * commits: one {@code UPDATE ... WHERE id IN (SELECT id ... FOR UPDATE SKIP LOCKED LIMIT n) RETURNING ...} on
 * PostgreSQL; {@code SELECT ... FOR UPDATE SKIP LOCKED} and one {@code UPDATE} of the rows it locked on MariaDB, MySQL
 * and H2; a conditional update and a read-back where {@code SKIP LOCKED} is missing or forced off. The claim sets a
 * lease owner, moves {@code next_attempt_at} to now + {@code lease} and counts the attempt. The worker pool
 * ({@code threads}) then calls {@link OutboxDelivery#deliver} for each, outside any transaction and holding no database
 * lock. When the batch is done, its outcomes are recorded in one short transaction, only where the claim still holds
 * the row, with one statement per kind of outcome: {@code SENT} deletes the rows; {@code RETRY_LATER} schedules each
 * row's next attempt after {@code min(backoffMax, backoffBase * 2^(attempt-1))}, jittered to between half and all of
 * that (the {@link Backoff} the notifier's direct retries use too), or after the delay the delivery asked for;
 * {@code FAILED_PERMANENTLY}, a thrown exception on the last attempt, or a retry with no attempts left parks the
 * message for {@link OutboxAdmin}. A retry's or failure's {@link dev.patientportal.jpa.spi.DeliveryOutcome#checkpoint()
 * checkpoint} is stored with the message and handed back to
 * {@link OutboxDelivery#deliver(dev.patientportal.core.NotificationIntent, String)} on the next attempt. On MariaDB and
 * MySQL these transactions run in {@code READ COMMITTED}, so they never lock the gaps a publish inserts into.
 *
 * <p><b>When it looks.</b> After a full batch it claims again at once. Otherwise it waits up to {@code pollInterval},
 * and is woken earlier: by a commit on this JVM that stored a notification through an {@link OutboxNotifier} on the
 * same persistence unit (with a {@link dev.patientportal.jpa.spi.CommitHook}: the resource-local runner, or the host's
 * given to the notifier); on PostgreSQL by a commit on any node, through {@code LISTEN portal_outbox} on a connection
 * the dispatcher holds while it runs (the trigger of {@code V6__outbox_notify.sql} notifies; see
 * {@link Builder#listen(boolean)}); and by {@link #wakeUp()}. So a notification is attempted within milliseconds of its
 * commit on the same node, and on PostgreSQL on every node; on other databases another node's dispatcher finds it at
 * its next poll.
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
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final OutboxClaimer claimer;
    private final OutcomeRecorder recorder;
    private final DispatcherThreads threads;

    private OutboxDispatcher(DispatcherConfig c) {
        String name = c.name != null ? c.name : "portal-outbox-" + INSTANCES.incrementAndGet();
        OutboxTransactions transactions = new OutboxTransactions(c.transactions, c.entityManagers);
        this.claimer =
                new OutboxClaimer(transactions, name, c.batchSize, c.lease, c.maxAttempts, c.clock, c.skipLocked);
        this.recorder = new OutcomeRecorder(
                transactions,
                c.delivery,
                c.maxAttempts,
                c.backoff(),
                c.clock,
                PortalMetricsListener.guarded(c.metrics));
        this.threads =
                new DispatcherThreads(name, c.threads, c.pollInterval, c.shutdownTimeout, c.listen, claimer, recorder);
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
    public static Builder builder(
            TransactionRunner transactions, EntityManagerProvider entityManagers, OutboxDelivery delivery) {
        return new Builder(transactions, entityManagers, delivery);
    }

    /**
     * Starts the poller and the worker pool. Idempotent while running.
     *
     * @throws IllegalStateException when the dispatcher was stopped; build a new one
     */
    public void start() {
        threads.start();
    }

    /**
     * Stops cleanly: claims nothing more, lets deliveries in flight finish and record their outcome, and gives claimed
     * messages not yet started back to the outbox (due at once, the attempt not counted), so no work is lost. Waits up
     * to the shutdown timeout; deliveries still running after it are interrupted, and their messages are delivered
     * again after the lease. Idempotent.
     */
    public void stop() {
        threads.stop();
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
        return threads.isRunning();
    }

    /**
     * Asks the poller to look for due messages now instead of at the end of its poll interval. Commits through an
     * {@link OutboxNotifier} with a commit hook do this by themselves; call it after a commit that stored a message
     * some other way (a host runner without a hook, rows written by other code).
     */
    public void wakeUp() {
        threads.wakeUp();
    }

    /**
     * Claims one batch of due messages, delivers each on the calling thread and records the outcomes. For tests and
     * for hosts that schedule delivery themselves; independent of {@link #start()}.
     *
     * @return how many messages were claimed (0 when nothing was due)
     */
    public int drainOnce() {
        List<Claimed> batch = claimer.claim();
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        try {
            for (Claimed c : batch) {
                outcomes.add(recorder.deliver(c, false));
            }
        } finally {
            // Also when a delivery throws an Error: what was delivered before it is not delivered again.
            recorder.record(outcomes);
        }
        return batch.size();
    }

    /** Whether the PostgreSQL listener is in effect (for tests). */
    boolean listening() {
        return threads.listening();
    }

    /** The jittered back-off after an attempt: {@code min(max, base * 2^(attempt-1))}, between half and all of it. */
    Duration backoff(int attempt) {
        return recorder.backoff(attempt);
    }

    /**
     * Configures a dispatcher; {@link #build()} checks every setting at once and names each problem.
     *
     * <p>Defaults: batch size 20, poll interval 1 s, lease 2 min, 8 attempts, back-off 10 s doubling up to 1 h, 2
     * worker threads, shutdown timeout 30 s, the system UTC clock, {@code SKIP LOCKED} detected from the database.
     */
    public static final class Builder {
        private final DispatcherConfig config;

        private Builder(TransactionRunner transactions, EntityManagerProvider entityManagers, OutboxDelivery delivery) {
            this.config = new DispatcherConfig(transactions, entityManagers, delivery);
        }

        /**
         * Sets how many messages one claim takes. Default 20.
         *
         * @param batchSize 1 to 1000
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            config.batchSize = batchSize;
            return this;
        }

        /**
         * Sets how long the poller waits when the last claim found fewer messages than a batch, unless a commit wakes
         * it first (see {@link OutboxDispatcher}). Default 1 s: the longest a notification committed on another node
         * waits on databases other than PostgreSQL, and the longest a due retry waits.
         *
         * @param pollInterval positive
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            config.pollInterval = pollInterval;
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
            config.lease = lease;
            return this;
        }

        /**
         * Sets how many attempts a message gets before it is parked. Default 8.
         *
         * @param maxAttempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            config.maxAttempts = maxAttempts;
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
            config.backoffBase = base;
            config.backoffMax = max;
            return this;
        }

        /**
         * Sets the back-off from a value shared with {@code portal-notify}'s direct retries; the same as
         * {@code backoff(backoff.initial(), backoff.max())}.
         *
         * @param backoff the back-off; its initial delay at least 1 ms
         * @return this builder
         */
        public Builder backoff(Backoff backoff) {
            return backoff(backoff.initial(), backoff.max());
        }

        /**
         * Sets how many deliveries run at once on this node. Default 2.
         *
         * @param threads 1 to 256
         * @return this builder
         */
        public Builder threads(int threads) {
            config.threads = threads;
            return this;
        }

        /**
         * Sets how long {@link OutboxDispatcher#stop()} waits for deliveries in flight. Default 30 s.
         *
         * @param shutdownTimeout zero or more
         * @return this builder
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            config.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /**
         * Sets the clock that decides what is due; use the {@link OutboxNotifier}'s. Default: system UTC.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            config.clock = clock;
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
            config.skipLocked = skipLocked;
            return this;
        }

        /**
         * Sets whether, on PostgreSQL, the dispatcher listens for commits of every node ({@code LISTEN portal_outbox},
         * woken by the trigger of {@code V6__outbox_notify.sql}) on a connection of its own that it holds while
         * running. Needs the PostgreSQL driver visible to {@code portal-jpa}; ignored on other databases. Default
         * {@code true}.
         *
         * @param listen whether to listen
         * @return this builder
         */
        public Builder listen(boolean listen) {
            config.listen = listen;
            return this;
        }

        /**
         * Sets who hears what the dispatcher recorded for each message ({@link PortalMetricsListener#outboxOutcome}):
         * delivered, with its age since the message was created (the delivery latency), retried or parked. Told after
         * the outcome committed, on the thread that recorded it; a listener that throws is logged and ignored. A
         * message parked by a claim (its attempts used up by deliveries that never recorded an outcome) is not told;
         * {@link OutboxAdmin#parkedCount()} counts it. Default: {@link PortalMetricsListener#none()}.
         *
         * @param metrics the listener, for example {@code portal-micrometer}'s {@code PortalMeters}
         * @return this builder
         */
        public Builder metrics(PortalMetricsListener metrics) {
            config.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Names the dispatcher in thread names and log lines. Default {@code portal-outbox-<n>}.
         *
         * @param name a short name
         * @return this builder
         */
        public Builder name(String name) {
            config.name = name;
            return this;
        }

        /**
         * Checks the settings and builds the dispatcher (not started).
         *
         * @return the dispatcher
         * @throws IllegalArgumentException naming every setting that is wrong
         */
        public OutboxDispatcher build() {
            List<String> problems = config.problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "Invalid outbox dispatcher settings: " + String.join("; ", problems));
            }
            return new OutboxDispatcher(config);
        }
    }
}
