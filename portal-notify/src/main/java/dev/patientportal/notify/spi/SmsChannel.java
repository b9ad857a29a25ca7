package dev.patientportal.notify.spi;

import dev.patientportal.notify.DeliveryResult;

/**
 * Sends SMS through a provider. {@code portal-notify} ships {@link dev.patientportal.notify.twilio.TwilioSmsChannel};
 * a host may plug in another provider.
 *
 * <p><b>Threads and transactions:</b> called by the notifier on the thread that delivers, outside any unit of work; may
 * be called concurrently. It must not log or keep the message's text or number.
 */
@FunctionalInterface
public interface SmsChannel {
    /**
     * Sends one SMS, once: retries are the caller's business.
     *
     * @param message the message
     * @return the outcome; provider failures are results, never exceptions
     */
    DeliveryResult send(SmsMessage message);
}
