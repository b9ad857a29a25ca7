package dev.patientportal.testkit;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.spi.Notifier;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Notifier} that keeps every intent in memory, in the order submitted, and delivers nothing.
 *
 * <p>Thread-safe. Not transactional: an intent submitted inside a unit of work that later fails stays recorded (the
 * portal's own operations check everything before they submit).
 */
public final class RecordingNotifier implements Notifier {
    private final List<NotificationIntent> intents = new CopyOnWriteArrayList<>();

    /** Creates an empty notifier. */
    public RecordingNotifier() {}

    @Override
    public void submit(NotificationIntent intent) {
        intents.add(Objects.requireNonNull(intent, "intent"));
    }

    /**
     * Returns every intent submitted so far.
     *
     * @return a snapshot, oldest first
     */
    public List<NotificationIntent> intents() {
        return List.copyOf(intents);
    }

    /**
     * Returns the intents of one type.
     *
     * @param type the type
     * @return a snapshot, oldest first
     */
    public List<NotificationIntent> intents(NotificationIntent.Type type) {
        Objects.requireNonNull(type, "type");
        return intents.stream().filter(i -> i.type() == type).toList();
    }

    /** Forgets every intent. */
    public void clear() {
        intents.clear();
    }
}
