package dev.patientportal.jpa;

import dev.patientportal.jpa.internal.Exceptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clean-up {@link JpaPortal} runs by itself: each task deletes what the portal no longer needs (expired login
 * state today; audit retention joins here) in a unit of work of its own, at a fixed interval, on one daemon thread.
 * Every task is idempotent, so all nodes may run it. A failing task is logged and tried again at the next interval.
 * Thread-safe.
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(JpaPortal.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** The first run comes this soon after start (or after one interval, if shorter), not a whole interval later. */
    private static final Duration FIRST_RUN = Duration.ofMinutes(5);

    /**
     * One clean-up step.
     *
     * @param name a short name for log lines
     * @param work deletes what is older than it should be, given the current time, in units of work of its own;
     *     returns how many rows it deleted
     */
    record Task(String name, Function<Instant, Integer> work) {
        Task {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(work, "work");
        }
    }

    private final List<Task> tasks;
    private final Clock clock;
    private final @Nullable Duration interval;
    private final Object lifecycle = new Object();
    private @Nullable ScheduledExecutorService scheduler;
    private boolean stopped;

    /**
     * Creates the housekeeping, not started.
     *
     * @param tasks the steps, run in this order
     * @param clock tells the steps the time
     * @param interval how often to run, or {@code null} when the host runs {@link #runOnce()} itself
     */
    Housekeeping(List<Task> tasks, Clock clock, @Nullable Duration interval) {
        this.tasks = List.copyOf(tasks);
        this.clock = clock;
        this.interval = interval;
    }

    /** Schedules the tasks; does nothing without an interval, when running already, or once stopped. */
    void start() {
        Duration every = interval;
        synchronized (lifecycle) {
            if (every == null || scheduler != null || stopped) {
                return;
            }
            String name = "portal-housekeeping-" + INSTANCES.incrementAndGet();
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            long first = Math.min(every.toMillis(), FIRST_RUN.toMillis());
            // runOnce catches what a run throws, so the schedule never stops silently; stop() shuts the executor down.
            ScheduledFuture<?> unused =
                    executor.scheduleWithFixedDelay(this::runOnce, first, every.toMillis(), TimeUnit.MILLISECONDS);
            scheduler = executor;
        }
    }

    /** Cancels the schedule and waits briefly for a run in progress; idempotent. */
    void stop(Duration timeout) {
        ScheduledExecutorService executor;
        synchronized (lifecycle) {
            stopped = true;
            executor = scheduler;
            scheduler = null;
        }
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Portal housekeeping did not end within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isRunning() {
        synchronized (lifecycle) {
            return scheduler != null;
        }
    }

    /**
     * Runs every task once, now, each in units of work of its own; a failure is logged and does not stop the others.
     *
     * @return how many rows the tasks deleted
     */
    int runOnce() {
        int total = 0;
        for (Task task : tasks) {
            try {
                Instant now = clock.instant();
                int deleted = task.work().apply(now);
                total += deleted;
                if (deleted > 0) {
                    LOG.info("Portal housekeeping: {} deleted {} rows", task.name(), deleted);
                } else {
                    LOG.debug("Portal housekeeping: {} had nothing to delete", task.name());
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "Portal housekeeping: {} failed, will try again at the next interval: {}",
                        task.name(),
                        Exceptions.describe(e));
            }
        }
        return total;
    }
}
