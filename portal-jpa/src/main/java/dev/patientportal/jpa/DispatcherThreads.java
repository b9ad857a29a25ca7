package dev.patientportal.jpa;

import dev.patientportal.jpa.internal.Exceptions;
import dev.patientportal.jpa.internal.OutboxRepository.Claimed;
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
 * The dispatcher's threads: one poller that claims a batch, hands each message to the worker pool and waits for the
 * batch before claiming again (at once after a full batch, else after the poll interval or a wake-up), and a clean
 * stop that gives back what was claimed but not started. Thread-safe.
 */
final class DispatcherThreads {
    // The dispatcher's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final String name;
    private final int threads;
    private final Duration pollInterval;
    private final Duration shutdownTimeout;
    private final OutboxClaimer claimer;
    private final OutcomeRecorder recorder;

    private final Object lifecycle = new Object();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean stopping;
    private @Nullable Thread poller;
    private @Nullable ExecutorService workers;
    private boolean started;

    DispatcherThreads(String name, int threads, Duration pollInterval, Duration shutdownTimeout,
            OutboxClaimer claimer, OutcomeRecorder recorder) {
        this.name = name;
        this.threads = threads;
        this.pollInterval = pollInterval;
        this.shutdownTimeout = shutdownTimeout;
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
            LOG.info("Outbox dispatcher {} started: batch {}, poll {}, lease {}, {} attempts, {} threads", name,
                    claimer.batchSize(), pollInterval, claimer.lease(), claimer.maxAttempts(), threads);
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

    private void pollLoop() {
        ExecutorService pool = Objects.requireNonNull(workers);
        while (!stopping) {
            int claimed = 0;
            try {
                List<Claimed> batch = claimer.claim();
                claimed = batch.size();
                List<Future<?>> running = new ArrayList<>(batch.size());
                for (Claimed c : batch) {
                    // Read when the task runs: a message not started before stop() is given back, not delivered.
                    running.add(pool.submit(() -> recorder.process(c, stopping)));
                }
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
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
    }
}
