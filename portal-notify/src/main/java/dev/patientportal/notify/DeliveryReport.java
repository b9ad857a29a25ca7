package dev.patientportal.notify;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one notification intent: a {@link Delivery} per channel and recipient that was tried, and a
 * {@link SkipReason} per channel that was not. Holds no personal data, so an outbox may store it and a log may print it.
 *
 * <p>An outbox dispatcher records the report, retries the channels of {@link #channelsToRetry()} later (at the earliest
 * after {@link #retryAfter()}) through {@link PortalNotifier#deliver(dev.patientportal.core.NotificationIntent, Set)},
 * and parks the intent when {@link #hasPermanentFailure()} and nothing is left to retry.
 *
 * @param intentId the intent's id
 * @param deliveries the sends that were made, in order
 * @param skipped the channels that were not used, and why
 */
public record DeliveryReport(UUID intentId, List<Delivery> deliveries, Map<Channel, SkipReason> skipped) {

    /**
     * One send to one recipient.
     *
     * @param channel the channel
     * @param recipient a PHI-free reference to the recipient: {@code "email"}, {@code "sms"}, or for push a short
     *     hash of the token
     * @param result the outcome after all direct attempts
     * @param attempts how many attempts were made (direct retries included)
     * @param segments the SMS segments counted, for {@link Channel#SMS}; otherwise {@code null}
     */
    public record Delivery(
            Channel channel,
            String recipient,
            DeliveryResult result,
            int attempts,
            @Nullable SmsSegments segments) {
        /**
         * Checks the fields.
         *
         * @param channel the channel
         * @param recipient a PHI-free reference to the recipient: {@code "email"}, {@code "sms"}, or for push a short
         *     hash of the token
         * @param result the outcome after all direct attempts
         * @param attempts how many attempts were made (direct retries included)
         * @param segments the SMS segments counted, for {@link Channel#SMS}; otherwise {@code null}
         */
        public Delivery {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Copies the lists.
     *
     * @param intentId the intent's id
     * @param deliveries the sends that were made, in order
     * @param skipped the channels that were not used, and why
     */
    public DeliveryReport {
        Objects.requireNonNull(intentId, "intentId");
        deliveries = List.copyOf(deliveries);
        skipped = Map.copyOf(skipped);
    }

    /**
     * Returns the channels with at least one result {@link DeliveryResult.Status#RETRY_LATER}.
     *
     * @return the channels to try again; empty when nothing is left to retry
     */
    public Set<Channel> channelsToRetry() {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (Delivery d : deliveries) {
            if (d.result().status() == DeliveryResult.Status.RETRY_LATER) {
                channels.add(d.channel());
            }
        }
        return channels;
    }

    /**
     * Returns the longest wait any provider asked for among the results to retry.
     *
     * @return the wait, or empty when no provider said
     */
    public Optional<Duration> retryAfter() {
        return deliveries.stream()
                .map(Delivery::result)
                .filter(r -> r instanceof DeliveryResult.RetryLater)
                .map(r -> ((DeliveryResult.RetryLater) r).retryAfter())
                .filter(Objects::nonNull)
                .max(Duration::compareTo);
    }

    /**
     * Tells whether any send failed for good.
     *
     * <p>A push token that the provider reports as unregistered does not count: the token is removed from the device
     * registry and the message reached every device that is still there (DESIGN section 4).
     *
     * @return {@code true} when a result is {@link DeliveryResult.Status#FAILED_PERMANENTLY} for another reason than an
     *     unregistered push token
     */
    public boolean hasPermanentFailure() {
        return deliveries.stream()
                .anyMatch(d -> d.result() instanceof DeliveryResult.FailedPermanently f
                        && f.reason() != DeliveryResult.FailureReason.UNREGISTERED_TOKEN);
    }

    /**
     * Returns the deliveries of one channel.
     *
     * @param channel the channel
     * @return its deliveries, possibly empty
     */
    public List<Delivery> deliveries(Channel channel) {
        return deliveries.stream().filter(d -> d.channel() == channel).toList();
    }

    /**
     * Returns the channels through which at least one message was sent.
     *
     * @return the channels
     */
    public Set<Channel> sentChannels() {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        deliveries.stream()
                .filter(d -> d.result().status() == DeliveryResult.Status.SENT)
                .forEach(d -> channels.add(d.channel()));
        return channels;
    }

    /** A PHI-free one-line summary, for logs. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("DeliveryReport[intent=").append(intentId);
        for (Delivery d : deliveries) {
            s.append(", ")
                    .append(d.channel())
                    .append(':')
                    .append(d.recipient())
                    .append('=')
                    .append(describe(d.result()));
            if (d.attempts() > 1) {
                s.append(" after ").append(d.attempts()).append(" attempts");
            }
        }
        skipped.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(", ")
                        .append(e.getKey())
                        .append(" skipped (")
                        .append(e.getValue())
                        .append(')'));
        return s.append(']').toString();
    }

    private static String describe(DeliveryResult result) {
        if (result instanceof DeliveryResult.Sent) {
            return "SENT";
        }
        if (result instanceof DeliveryResult.RetryLater r) {
            return "RETRY_LATER(" + r.reason() + ")";
        }
        DeliveryResult.FailedPermanently f = (DeliveryResult.FailedPermanently) result;
        return "FAILED(" + f.reason() + ", " + f.detail() + ")";
    }
}
