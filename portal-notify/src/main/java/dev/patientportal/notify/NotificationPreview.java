package dev.patientportal.notify;

import java.util.Map;

/**
 * What a notification would look like on every channel, rendered for its patient but not sent: for an admin screen,
 * a template review, or a tour.
 *
 * @param email the e-mail
 * @param sms the SMS text, after transliteration when enabled, with its segments
 * @param push the push notification's texts
 * @param pushData the push notification's data (ids only)
 */
public record NotificationPreview(
        RenderedEmail email, RenderedSms sms, RenderedPush push, Map<String, String> pushData) {
    /**
     * Copies the data.
     *
     * @param email the e-mail
     * @param sms the SMS text, after transliteration when enabled, with its segments
     * @param push the push notification's texts
     * @param pushData the push notification's data (ids only)
     */
    public NotificationPreview {
        pushData = Map.copyOf(pushData);
    }
}
