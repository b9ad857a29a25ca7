package dev.patientportal.jpa;

import jakarta.persistence.EntityManagerFactory;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The dispatchers running in this JVM, by the persistence unit they claim from, so that a commit that stored a
 * notification wakes the dispatchers of that database (and only those) at once. Thread-safe.
 */
final class OutboxWakeUps {
    // Weak keys: a factory nobody dispatches from any more takes its entry with it. A signal holds dispatchers (which
    // reach the factory) only while they run.
    private static final Map<EntityManagerFactory, Signal> SIGNALS = Collections.synchronizedMap(new WeakHashMap<>());

    private OutboxWakeUps() {}

    /** Wakes every dispatcher registered for one factory; the same instance for the factory's lifetime. */
    static final class Signal implements Runnable {
        private final Set<DispatcherThreads> dispatchers = new CopyOnWriteArraySet<>();

        @Override
        public void run() {
            for (DispatcherThreads d : dispatchers) {
                d.wakeUp();
            }
        }
    }

    /** The signal of a factory, created on first use. */
    static Signal signal(EntityManagerFactory factory) {
        return SIGNALS.computeIfAbsent(factory, f -> new Signal());
    }

    static void register(EntityManagerFactory factory, DispatcherThreads dispatcher) {
        signal(factory).dispatchers.add(dispatcher);
    }

    static void unregister(EntityManagerFactory factory, DispatcherThreads dispatcher) {
        Signal s = SIGNALS.get(factory);
        if (s != null) {
            s.dispatchers.remove(dispatcher);
        }
    }
}
