package dev.patientportal.jpa;

import dev.patientportal.jpa.OutcomeRecorder.Outcome;
import dev.patientportal.jpa.internal.Exceptions;
import dev.patientportal.jpa.internal.OutboxRepository.Claimed;
import dev.patientportal.jpa.internal.SqlDialect;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's threads: one poller that claims a batch, hands each message to the worker pool, waits for the batch
 * and records its outcomes, then claims again (at once after a full batch, else after the poll interval or a wake-up);
 * on PostgreSQL a listener that wakes the poller when any node commits a notification; and a clean stop that gives
 * back what was claimed but not started. While running, the poller is registered with {@link OutboxWakeUps}, so a
 * commit on this node that stored a notification wakes it. Thread-safe.
 */
final class DispatcherThreads {
    // The dispatcher's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** How long a stop waits, past its timeout, for the poller to record what finished. */
    private static final long RECORD_GRACE_MILLIS = 2000;

    private final String name;
    private final int threads;
    private final Duration pollInterval;
    private final Duration shutdownTimeout;
    private final boolean listen;
    private final OutboxClaimer claimer;
    private final OutcomeRecorder recorder;

    private final Object lifecycle = new Object();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean stopping;
    private @Nullable Thread poller;
    private @Nullable ExecutorService workers;
    private volatile @Nullable PostgresWakeUpListener listener;
    private boolean started;

    DispatcherThreads(
            String name,
            int threads,
            Duration pollInterval,
            Duration shutdownTimeout,
            boolean listen,
            OutboxClaimer claimer,
            OutcomeRecorder recorder) {
        this.name = name;
        this.threads = threads;
        this.pollInterval = pollInterval;
        this.shutdownTimeout = shutdownTimeout;
        this.listen = listen;
        this.claimer = claimer;
        this.recorder = recorder;
    }

    void start() {
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
            LOG.info(
                    "Outbox dispatcher {} started: batch {}, poll {}, lease {}, {} attempts, {} threads",
                    name,
                    claimer.batchSize(),
                    pollInterval,
                    claimer.lease(),
                    claimer.maxAttempts(),
                    threads);
        }
    }

    void stop() {
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
                    LOG.warn(
                            "Outbox dispatcher {}: deliveries still running after {}; interrupting them, their"
                                    + " messages will be delivered again after the lease",
                            name,
                            shutdownTimeout);
                    pool.shutdownNow();
                }
            }
            if (t != null && t.isAlive()) {
                // The batch is over once its deliveries are: let the poller record what finished.
                t.join(RECORD_GRACE_MILLIS);
                if (t.isAlive()) {
                    t.interrupt();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        PostgresWakeUpListener l = listener;
        if (l != null) {
            l.stop();
        }
        LOG.info("Outbox dispatcher {} stopped", name);
    }

    boolean isRunning() {
        synchronized (lifecycle) {
            return started && !stopping;
        }
    }

    void wakeUp() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /** Whether the PostgreSQL listener is in effect (for tests). */
    boolean listening() {
        PostgresWakeUpListener l = listener;
        return l != null && l.listening();
    }

    private void pollLoop() {
        ExecutorService pool = Objects.requireNonNull(workers);
        EntityManagerFactory factory = null;
        try {
            while (!stopping) {
                if (factory == null) {
                    factory = joinWakeUps();
                }
                int claimed = 0;
                try {
                    List<Claimed> batch = claimer.claim();
                    claimed = batch.size();
                    if (!batch.isEmpty()) {
                        recorder.record(deliver(pool, batch));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("Outbox dispatcher {}: claiming failed, will try again: {}", name, Exceptions.describe(e));
                }
                if (claimed < claimer.batchSize() && !stopping) {
                    try {
                        wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                        wakeUp.drainPermits();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        } finally {
            if (factory != null) {
                OutboxWakeUps.unregister(factory, this);
            }
        }
    }

    /**
     * Registers for wake-ups by local commits, and starts the PostgreSQL listener; before the first claim, so a commit
     * that the first claim missed still wakes the poller.
     *
     * @return the persistence unit, or {@code null} to try again on the next round
     */
    private @Nullable EntityManagerFactory joinWakeUps() {
        try {
            OutboxClaimer.Target target = claimer.target();
            OutboxWakeUps.register(target.factory, this);
            if (listen && target.dialect.vendor() == SqlDialect.Vendor.POSTGRESQL) {
                if (PostgresWakeUpListener.driverPresent()) {
                    PostgresWakeUpListener l = new PostgresWakeUpListener(name, target.factory, this::wakeUp);
                    listener = l;
                    l.start();
                } else {
                    LOG.info(
                            "Outbox dispatcher {}: the PostgreSQL driver (org.postgresql.PGConnection) is not visible"
                                    + " to portal-jpa; other nodes' notifications wait for the poll",
                            name);
                }
            }
            return target.factory;
        } catch (RuntimeException e) {
            // The claim that follows fails too and says so.
            LOG.debug(
                    "Outbox dispatcher {}: could not reach the database, will try again: {}",
                    name,
                    Exceptions.describe(e));
            return null;
        }
    }

    /** Delivers a batch on the pool and waits for it; a task that failed outright leaves its row to the lease. */
    private List<Outcome> deliver(ExecutorService pool, List<Claimed> batch) throws InterruptedException {
        List<Future<Outcome>> running = new ArrayList<>(batch.size());
        for (Claimed c : batch) {
            // Read when the task runs: a message not started before stop() is given back, not delivered.
            running.add(pool.submit(() -> recorder.deliver(c, stopping)));
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (Future<Outcome> f : running) {
            try {
                outcomes.add(f.get());
            } catch (ExecutionException e) {
                LOG.error(
                        "Outbox dispatcher {}: a delivery task failed: {}",
                        name,
                        Exceptions.describe(e.getCause() == null ? e : e.getCause()));
            }
        }
        return outcomes;
    }
}
