package dev.patientportal.testkit;

import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.spi.AuditSink;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuditSink} that keeps every event in memory, in the order recorded, for assertions.
 *
 * <p>Thread-safe.
 */
public final class RecordingAuditSink implements AuditSink {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final @Nullable InMemoryAuditTrail trail;

    /** Creates an empty sink. */
    public RecordingAuditSink() {
        this.trail = null;
    }

    /** A sink that also hands every event to a trail, which {@link #clear()} clears too. */
    RecordingAuditSink(InMemoryAuditTrail trail) {
        this.trail = Objects.requireNonNull(trail, "trail");
    }

    @Override
    public void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (trail != null) {
            trail.record(event);
        }
        events.add(event);
    }

    /**
     * Returns every event recorded so far.
     *
     * @return a snapshot, oldest first
     */
    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Returns the events of one action.
     *
     * @param action an {@link dev.patientportal.core.AuditActions} code
     * @return a snapshot, oldest first
     */
    public List<AuditEvent> events(String action) {
        Objects.requireNonNull(action, "action");
        return events.stream().filter(e -> e.action().equals(action)).toList();
    }

    /** Forgets every event; the sink of {@link InMemoryPortalStores} also clears its {@link InMemoryAuditTrail}. */
    public void clear() {
        events.clear();
        if (trail != null) {
            trail.clear();
        }
    }
}
