package dev.patientportal.core.spi;

import dev.patientportal.core.NotificationIntent;

/**
 * Takes the portal's decisions to notify a patient. {@code portal-notify} implements it by delivering at once;
 * {@code portal-jpa}'s outbox implements it by storing the intent in the same transaction and delivering later.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread <em>inside</em> the unit of work of the change that
 * caused it (a document published, a grant made, a booking), so an outbox implementation commits or rolls back with it.
 * Must be safe for concurrent use.
 */
@FunctionalInterface
public interface Notifier {
    /**
     * Accepts an intent.
     *
     * @param intent what to tell whom; holds no personal data
     * @throws dev.patientportal.core.TemporaryFailureException when the intent cannot be accepted (the change then rolls
     *     back)
     */
    void submit(NotificationIntent intent);

    /**
     * A notifier that drops everything, for hosts that notify by other means.
     *
     * @return the notifier
     */
    static Notifier none() {
        return intent -> {};
    }
}
