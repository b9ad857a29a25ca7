package dev.patientportal.jpa.testing;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.jpa.spi.OutboxDelivery;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A delivery that records every call and every successful delivery; its behaviour can be changed. */
public final class RecordingDelivery implements OutboxDelivery {
    private final List<NotificationIntent> sent = new CopyOnWriteArrayList<>();
    private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile Function<NotificationIntent, DeliveryOutcome> behaviour = i -> DeliveryOutcome.sent();

    /**
     * Changes what the next deliveries do.
     *
     * @param behaviour the outcome per intent; may throw
     * @return this
     */
    public RecordingDelivery behave(Function<NotificationIntent, DeliveryOutcome> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    @Override
    public DeliveryOutcome deliver(NotificationIntent intent) {
        calls.computeIfAbsent(intent.id(), k -> new AtomicInteger()).incrementAndGet();
        DeliveryOutcome outcome = behaviour.apply(intent);
        if (outcome.kind() == DeliveryOutcome.Kind.SENT) {
            sent.add(intent);
        }
        return outcome;
    }

    /** @return the intents delivered with outcome SENT, in order */
    public List<NotificationIntent> sent() {
        return List.copyOf(sent);
    }

    /** @return how often each intent was handed to this delivery */
    public Map<UUID, Integer> calls() {
        Map<UUID, Integer> out = new ConcurrentHashMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** @return how many calls in total */
    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
