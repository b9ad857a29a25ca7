package dev.patientportal.notify.spi;

import dev.patientportal.notify.DeliveryResult;

/**
 * Sends e-mail through a provider. {@code portal-notify} ships {@link dev.patientportal.notify.mail.JakartaMailChannel}
 * (SMTP); a host may plug in another provider's API.
 *
 * <p><b>Threads and transactions:</b> called by the notifier on the thread that delivers (the caller of
 * {@code submit}/{@code deliver}, or the login request for codes), outside any unit of work; may be called
 * concurrently. It must not log or keep the message's content or address.
 */
@FunctionalInterface
public interface EmailChannel {
    /**
     * Sends one e-mail, once: retries are the caller's business.
     *
     * @param message the message
     * @return the outcome; provider failures are results, never exceptions
     */
    DeliveryResult send(EmailMessage message);
}
