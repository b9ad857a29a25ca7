package dev.patientportal.testkit;

import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.spi.AuditSink;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link AuditSink} that keeps every event in memory, in the order recorded, for assertions.
 *
 * <p>Thread-safe.
 */
public final class RecordingAuditSink implements AuditSink {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    /** Creates an empty sink. */
    public RecordingAuditSink() {}

    @Override
    public void record(AuditEvent event) {
        events.add(Objects.requireNonNull(event, "event"));
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

    /** Forgets every event. */
    public void clear() {
        events.clear();
    }
}
