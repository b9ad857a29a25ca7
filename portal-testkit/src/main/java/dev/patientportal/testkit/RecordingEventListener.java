package dev.patientportal.testkit;

import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.spi.PortalEventListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PortalEventListener} that keeps every event in memory, in the order heard, for assertions.
 *
 * <p>Thread-safe.
 */
public final class RecordingEventListener implements PortalEventListener {
    private final List<PortalEvent> events = new CopyOnWriteArrayList<>();

    /** Creates an empty listener. */
    public RecordingEventListener() {}

    @Override
    public void onEvent(PortalEvent event) {
        events.add(Objects.requireNonNull(event, "event"));
    }

    /**
     * Returns every event heard so far.
     *
     * @return a snapshot, oldest first
     */
    public List<PortalEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Returns the events of one type.
     *
     * @param type the type
     * @return a snapshot, oldest first
     */
    public List<PortalEvent> events(PortalEvent.Type type) {
        Objects.requireNonNull(type, "type");
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** Forgets every event. */
    public void clear() {
        events.clear();
    }
}
