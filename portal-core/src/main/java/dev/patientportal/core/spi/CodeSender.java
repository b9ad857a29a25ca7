package dev.patientportal.core.spi;

import dev.patientportal.core.CodeMessage;

/**
 * Sends one-time login codes at once: {@code portal-auth} calls it, {@code portal-notify} implements it with its e-mail
 * and SMS channels. Codes never go through an outbox and are never stored in clear: an implementation must not log,
 * persist or queue {@link CodeMessage#code()}.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread (the login request), outside any unit of work; may
 * be called concurrently. It should return within a few seconds.
 */
@FunctionalInterface
public interface CodeSender {
    /**
     * Sends a code.
     *
     * @param message the code and where it goes
     * @throws dev.patientportal.core.TemporaryFailureException when the provider is unreachable or refuses for now; the
     *     caller may let the patient resend
     * @throws dev.patientportal.core.ValidationException naming {@code email} or {@code phone} when the provider rejects
     *     the address for good
     */
    void send(CodeMessage message);
}
