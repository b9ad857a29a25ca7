package dev.patientportal.auth.contract;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.spi.TransactionRunner;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What every login store contract shares: the unit-of-work hook, random ids, and a race of real threads.
 */
public abstract class StoreContractSupport {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** For subclasses. */
    protected StoreContractSupport() {}

    /**
     * How each store call runs; login calls every store method alone in a unit of work of its own.
     *
     * @return the runner, by default {@link TransactionRunner#direct()}
     */
    protected TransactionRunner transactions() {
        return TransactionRunner.direct();
    }

    /**
     * Runs one store call in a unit of work.
     *
     * @param work the call
     * @param <T> its result
     * @return its result
     */
    protected final <T> T tx(Supplier<T> work) {
        return transactions().inTransaction(work);
    }

    /**
     * Runs one store call without a result in a unit of work.
     *
     * @param work the call
     */
    protected final void run(Runnable work) {
        transactions().inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /**
     * A random URL-safe id of the given number of random bytes.
     *
     * @param bytes 16 for ids, 32 for hashes
     * @return the id
     */
    protected static String randomId(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    /**
     * Random bytes.
     *
     * @param n how many
     * @return the bytes
     */
    protected static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * A fresh institution, so that tests never meet each other's rows.
     *
     * @return the institution
     */
    protected static InstitutionId randomInstitution() {
        return InstitutionId.of("contract-" + randomId(9).replace('_', 'x').replace('-', 'y'));
    }

    /**
     * A fresh patient.
     *
     * @return the patient
     */
    protected static PatientId randomPatient() {
        return PatientId.of("p-" + randomId(9).replace('_', 'x').replace('-', 'y'));
    }

    /**
     * A time at whole milliseconds, so that stores with millisecond precision compare equal.
     *
     * @return now, truncated
     */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Runs a task on {@code threads} real threads released at once, and returns every result.
     *
     * @param threads how many
     * @param task the task; gets the thread's index
     * @param <T> the result type
     * @return the results, in index order
     * @throws Exception when a task fails or the race does not end within a minute
     */
    protected static <T> List<T> race(int threads, IndexedTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> c = () -> {
                    ready.countDown();
                    go.await();
                    return task.run(index);
                };
                futures.add(pool.submit(c));
            }
            if (!ready.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("threads did not start");
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(1, TimeUnit.MINUTES));
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A task of a {@link #race}.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    protected interface IndexedTask<T> {
        /**
         * Runs.
         *
         * @param index the thread's index, from 0
         * @return the result
         * @throws Exception on failure
         */
        T run(int index) throws Exception;
    }
}
