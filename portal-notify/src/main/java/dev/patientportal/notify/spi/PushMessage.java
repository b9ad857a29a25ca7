package dev.patientportal.notify.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A rendered push notification on its way to a {@link PushChannel}: a generic title and body from PHI-free templates,
 * and data that holds ids only (the notification's type and id, the document or reservation id).
 *
 * @param title the notification title
 * @param body the notification body
 * @param data key-value data for the app, ids only
 * @param reference a PHI-free id of what this message is about (the notification's id)
 */
public record PushMessage(String title, String body, Map<String, String> data, String reference) {
    /**
     * Copies the data.
     *
     * @param title the notification title
     * @param body the notification body
     * @param data key-value data for the app, ids only
     * @param reference a PHI-free id of what this message is about (the notification's id)
     */
    public PushMessage {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(reference, "reference");
        data = Map.copyOf(data);
    }
}
