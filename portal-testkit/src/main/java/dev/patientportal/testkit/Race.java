package dev.patientportal.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/** Runs tasks on real threads released together, and collects each task's result or failure. */
/**
 * Releases real threads at once on a task and collects what each returned or threw: the race behind the contracts'
 * concurrency tests, shared with the other modules' tests.
 *
 * <pre>{@code
 * List<Race.Outcome<Reservation>> outcomes = Race.run(20, i -> () -> gateway.book(clinic, patient, slot, "key-" + i));
 * assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(1);
 * }</pre>
 */
public final class Race {
    private Race() {}

    /**
     * The outcome of one task: a result, or the exception it threw.
     *
     * @param result what the task returned, or {@code null} when it threw
     * @param failure what the task threw, or {@code null} when it returned
     * @param <T> the result type
     */
    public record Outcome<T>(@Nullable T result, @Nullable Throwable failure) {
        /**
         * Tells whether the task returned normally.
         *
         * @return {@code true} when it did not throw
         */
        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * Starts {@code threads} threads, lets them all wait at one gate, opens it, and waits for every task (at most two
     * minutes each).
     *
     * @param threads how many threads
     * @param task makes the task of thread {@code i}, from 0
     * @param <T> the result type
     * @return the outcomes, in thread order
     * @throws AssertionError when the threads do not start or the race does not complete
     */
    public static <T> List<Outcome<T>> run(int threads, IntFunction<Callable<T>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return new Outcome<T>(work.call(), null);
                    } catch (Exception | AssertionError e) {
                        return new Outcome<T>(null, e);
                    }
                }));
            }
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("threads did not start");
            }
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<Outcome<T>> f : futures) {
                outcomes.add(f.get(2, TimeUnit.MINUTES));
            }
            return outcomes;
        } catch (Exception e) {
            throw new AssertionError("race did not complete", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
