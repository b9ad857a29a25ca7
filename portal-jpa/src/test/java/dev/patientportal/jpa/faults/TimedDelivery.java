package dev.patientportal.jpa.faults;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.jpa.spi.OutboxDelivery;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Wraps one dispatcher's delivery and notes, for each attempt, when it returned and with which outcome (or that it
 * threw): enough to tell when a dispatcher delivered again after a fault, and that it was this dispatcher. Thread-safe.
 */
final class TimedDelivery implements OutboxDelivery {
    /** One attempt: when it returned, what it returned ({@code null} when it threw). */
    record Attempt(Instant at, DeliveryOutcome.@Nullable Kind kind) {}

    private final OutboxDelivery delegate;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Map<DeliveryOutcome.Kind, AtomicInteger> byKind = new EnumMap<>(DeliveryOutcome.Kind.class);
    private final AtomicInteger thrown = new AtomicInteger();

    TimedDelivery(OutboxDelivery delegate) {
        this.delegate = delegate;
        for (DeliveryOutcome.Kind k : DeliveryOutcome.Kind.values()) {
            byKind.put(k, new AtomicInteger());
        }
    }

    @Override
    public DeliveryOutcome deliver(NotificationIntent intent) {
        return deliver(intent, null);
    }

    @Override
    public DeliveryOutcome deliver(NotificationIntent intent, @Nullable String checkpoint) {
        try {
            DeliveryOutcome outcome = delegate.deliver(intent, checkpoint);
            attempts.add(new Attempt(Instant.now(), outcome.kind()));
            byKind.get(outcome.kind()).incrementAndGet();
            return outcome;
        } catch (RuntimeException e) {
            attempts.add(new Attempt(Instant.now(), null));
            thrown.incrementAndGet();
            throw e;
        }
    }

    /** The first attempt that returned {@code SENT} at or after an instant. */
    Optional<Instant> firstSentAtOrAfter(Instant t) {
        return attempts.stream()
                .filter(a -> a.kind() == DeliveryOutcome.Kind.SENT && !a.at().isBefore(t))
                .map(Attempt::at)
                .min(Instant::compareTo);
    }

    /** How many attempts returned that outcome. */
    int count(DeliveryOutcome.Kind kind) {
        return byKind.get(kind).get();
    }

    /** How many attempts threw. */
    int thrown() {
        return thrown.get();
    }

    /** Every attempt so far. */
    int attempts() {
        return attempts.size();
    }
}
