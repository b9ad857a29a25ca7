package dev.patientportal.auth.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The default executor that hands codes to the code sender off the request thread. */
public final class DeliveryExecutors {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private DeliveryExecutors() {}

    /**
     * A small pool of daemon threads (at most 4, idle ones end after a minute) with a queue of 10 000 sends; a full
     * queue rejects, which login records as a failed delivery.
     *
     * @return the executor
     */
    public static Executor newDefault() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
                    Thread t = new Thread(r, "portal-auth-codes-" + pool + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
