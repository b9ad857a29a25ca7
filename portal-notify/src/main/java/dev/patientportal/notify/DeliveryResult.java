package dev.patientportal.notify;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one send to one recipient through one provider: {@link Sent}, {@link RetryLater} or
 * {@link FailedPermanently}. Channels return it instead of throwing, so a caller (the notifier, an outbox dispatcher)
 * can record it, retry what may pass and park what never will.
 *
 * <pre>{@code
 * switch (result.status()) {
 *     case SENT -> ...;                  // ((Sent) result).providerId()
 *     case RETRY_LATER -> ...;           // ((RetryLater) result).retryAfter(), maybe null
 *     case FAILED_PERMANENTLY -> ...;    // ((FailedPermanently) result).reason()
 * }
 * }</pre>
 *
 * <p>Nothing here holds personal data: provider ids and reason codes only.
 */
public sealed interface DeliveryResult
        permits DeliveryResult.Sent, DeliveryResult.RetryLater, DeliveryResult.FailedPermanently {

    /** The three kinds of outcome. */
    enum Status {
        /** The provider accepted the message. */
        SENT,
        /** The provider could not take it now (5xx, 429, timeout, connection refused); a later attempt may pass. */
        RETRY_LATER,
        /** The provider will never take it (invalid address or number, unregistered push token). */
        FAILED_PERMANENTLY
    }

    /** Why a send failed for good. */
    enum FailureReason {
        /** The e-mail address was rejected by the mail server. */
        INVALID_ADDRESS,
        /** The phone number is invalid or cannot receive SMS. */
        INVALID_NUMBER,
        /** The recipient opted out (for example replied STOP to an SMS). */
        OPTED_OUT,
        /** The push token is no longer registered; the notifier removes it from the device registry. */
        UNREGISTERED_TOKEN,
        /** The provider rejected the message itself (content, size, configuration). */
        REJECTED
    }

    /**
     * Returns the kind of outcome.
     *
     * @return the status
     */
    Status status();

    /**
     * A result: sent.
     *
     * @param providerId the provider's id of the message (SMTP Message-ID, Twilio SID, FCM message name)
     * @return the result
     */
    static DeliveryResult sent(String providerId) {
        return new Sent(providerId);
    }

    /**
     * A result: try again later.
     *
     * @param retryAfter how long the provider asked to wait, or {@code null} when it did not say
     * @param reason a short PHI-free reason code, for example {@code "http-503"} or {@code "timeout"}
     * @return the result
     */
    static DeliveryResult retryLater(@Nullable Duration retryAfter, String reason) {
        return new RetryLater(retryAfter, reason);
    }

    /**
     * A result: failed for good.
     *
     * @param reason why
     * @param detail a short PHI-free detail, such as the provider's error code
     * @return the result
     */
    static DeliveryResult failed(FailureReason reason, String detail) {
        return new FailedPermanently(reason, detail);
    }

    /**
     * The provider accepted the message.
     *
     * @param providerId the provider's id of the message
     */
    record Sent(String providerId) implements DeliveryResult {
        /**
         * Checks the id.
         *
         * @param providerId the provider's id of the message
         */
        public Sent {
            Objects.requireNonNull(providerId, "providerId");
        }

        @Override
        public Status status() {
            return Status.SENT;
        }
    }

    /**
     * The provider could not take the message now.
     *
     * @param retryAfter how long the provider asked to wait (HTTP {@code Retry-After}), or {@code null}
     * @param reason a short PHI-free reason code
     */
    record RetryLater(@Nullable Duration retryAfter, String reason) implements DeliveryResult {
        /**
         * Checks the fields.
         *
         * @param retryAfter how long the provider asked to wait (HTTP {@code Retry-After}), or {@code null}
         * @param reason a short PHI-free reason code
         */
        public RetryLater {
            Objects.requireNonNull(reason, "reason");
            if (retryAfter != null && retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
        }

        @Override
        public Status status() {
            return Status.RETRY_LATER;
        }
    }

    /**
     * The provider will never take the message.
     *
     * @param reason why
     * @param detail a short PHI-free detail, such as the provider's error code
     */
    record FailedPermanently(FailureReason reason, String detail) implements DeliveryResult {
        /**
         * Checks the fields.
         *
         * @param reason why
         * @param detail a short PHI-free detail, such as the provider's error code
         */
        public FailedPermanently {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public Status status() {
            return Status.FAILED_PERMANENTLY;
        }
    }
}
