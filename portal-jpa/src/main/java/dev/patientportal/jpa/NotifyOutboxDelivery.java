package dev.patientportal.jpa;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.jpa.spi.OutboxDelivery;
import dev.patientportal.notify.Channel;
import dev.patientportal.notify.DeliveryReport;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.PortalNotifier;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Delivers the outbox's notifications through {@code portal-notify}: the {@link OutboxDelivery} that connects an
 * {@link OutboxDispatcher} to a {@link PortalNotifier}.
 *
 * <pre>{@code
 * PortalNotifier notifier = PortalNotifier.builder()...retry(RetryPolicy.none()).transactions(tx).build();
 * OutboxDispatcher dispatcher = OutboxDispatcher.builder(tx, NotifyOutboxDelivery.create(notifier)).build();
 * }</pre>
 *
 * <p>Each attempt calls {@link PortalNotifier#deliver(NotificationIntent, Set)} and maps its {@link DeliveryReport}:
 *
 * <ul>
 *   <li>every channel sent or skipped: {@link DeliveryOutcome#sent()}, the message is done;
 *   <li>any channel to retry ({@link DeliveryResult.RetryLater}): {@link DeliveryOutcome#retryLater(Duration)} with the
 *       longest delay a provider asked for (or the dispatcher's back-off when none did), and the checkpoint of the
 *       channels still to deliver, such as {@code SMS}: the next attempt sends only those, so an e-mail that went out
 *       is not sent again because the SMS provider was busy;
 *   <li>otherwise, any channel failed for good (an invalid address or number, an opt-out, a rejected message):
 *       {@link DeliveryOutcome#failedPermanently(String)}, parked for staff, with a PHI-free reason such as
 *       {@code notify:SMS=INVALID_NUMBER} and the failed channels as checkpoint, so a retry by staff (after the patient
 *       record was corrected) sends only those. A push token reported as unregistered is not a failure of the message:
 *       the notifier removes the token and the device is simply gone.
 * </ul>
 *
 * <p>A {@link TemporaryFailureException} of the notifier (the patient directory or a store unreachable; nothing was
 * sent) is a retry of the same channels. Other exceptions (an institution without settings) propagate; the dispatcher
 * counts them as retries and parks the message when its attempts are used up.
 *
 * <p>Give the notifier {@link dev.patientportal.notify.RetryPolicy#none()} or a short policy: the outbox retries
 * durably, and a long direct retry holds the dispatcher's worker and its lease.
 *
 * <p><b>Threads:</b> thread-safe; called on the dispatcher's worker threads, outside any transaction.
 */
public final class NotifyOutboxDelivery implements OutboxDelivery {
    private final PortalNotifier notifier;

    private NotifyOutboxDelivery(PortalNotifier notifier) {
        this.notifier = notifier;
    }

    /**
     * Creates the delivery.
     *
     * @param notifier the notifier that sends
     * @return the delivery
     */
    public static NotifyOutboxDelivery create(PortalNotifier notifier) {
        return new NotifyOutboxDelivery(Objects.requireNonNull(notifier, "notifier"));
    }

    /**
     * Delivers an intent on every channel.
     *
     * @param intent what to tell whom
     * @return the outcome
     */
    @Override
    public DeliveryOutcome deliver(NotificationIntent intent) {
        return deliver(intent, null);
    }

    /**
     * Delivers an intent on the channels of the checkpoint, or on every channel without one.
     *
     * @param intent what to tell whom
     * @param checkpoint channel names separated by {@code /}, as an earlier outcome of this class set them; unknown
     *     names are ignored, and nothing known means every channel
     * @return the outcome
     */
    @Override
    public DeliveryOutcome deliver(NotificationIntent intent, @Nullable String checkpoint) {
        Objects.requireNonNull(intent, "intent");
        Set<Channel> channels = channels(checkpoint);
        DeliveryReport report;
        try {
            report = notifier.deliver(intent, channels);
        } catch (TemporaryFailureException e) {
            return DeliveryOutcome.retryLater()
                    .withReason("notify:temporary-failure")
                    .withCheckpoint(checkpoint(channels));
        }
        Set<Channel> toRetry = report.channelsToRetry();
        if (!toRetry.isEmpty()) {
            Optional<Duration> after = report.retryAfter();
            DeliveryOutcome retry =
                    after.isPresent() ? DeliveryOutcome.retryLater(after.get()) : DeliveryOutcome.retryLater();
            return retry.withReason(reason("notify:retry:", report, DeliveryResult.Status.RETRY_LATER))
                    .withCheckpoint(checkpoint(toRetry));
        }
        Set<Channel> failed = EnumSet.noneOf(Channel.class);
        for (DeliveryReport.Delivery d : report.deliveries()) {
            if (isFailureOfTheMessage(d)) {
                failed.add(d.channel());
            }
        }
        if (failed.isEmpty()) {
            return DeliveryOutcome.sent();
        }
        return DeliveryOutcome.failedPermanently(reason("notify:", report, DeliveryResult.Status.FAILED_PERMANENTLY))
                .withCheckpoint(checkpoint(failed));
    }

    private static boolean isFailureOfTheMessage(DeliveryReport.Delivery d) {
        return d.result() instanceof DeliveryResult.FailedPermanently f
                && !(d.channel() == Channel.PUSH && f.reason() == DeliveryResult.FailureReason.UNREGISTERED_TOKEN);
    }

    /** {@code prefix} and, per failing delivery, {@code CHANNEL=REASON}; PHI-free, at most 200 characters. */
    private static String reason(String prefix, DeliveryReport report, DeliveryResult.Status status) {
        StringJoiner parts = new StringJoiner("/");
        for (DeliveryReport.Delivery d : report.deliveries()) {
            boolean counts = status == DeliveryResult.Status.RETRY_LATER
                    ? d.result().status() == DeliveryResult.Status.RETRY_LATER
                    : isFailureOfTheMessage(d);
            if (!counts) {
                continue;
            }
            String why = d.result() instanceof DeliveryResult.RetryLater r
                    ? r.reason()
                    : ((DeliveryResult.FailedPermanently) d.result()).reason().name();
            String part = d.channel().name() + "=" + why.replaceAll("[^A-Za-z0-9._:@=-]", "_");
            if (!parts.toString().contains(part)) {
                parts.add(part);
            }
        }
        String text = prefix + parts;
        return text.length() <= 200 ? text : text.substring(0, 200);
    }

    private static Set<Channel> channels(@Nullable String checkpoint) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (checkpoint != null) {
            for (String name : checkpoint.split("/", -1)) {
                for (Channel c : Channel.values()) {
                    if (c.name().equals(name)) {
                        channels.add(c);
                    }
                }
            }
        }
        return channels.isEmpty() ? EnumSet.allOf(Channel.class) : channels;
    }

    private static String checkpoint(Set<Channel> channels) {
        StringJoiner joined = new StringJoiner("/");
        for (Channel c : Channel.values()) {
            if (channels.contains(c)) {
                joined.add(c.name());
            }
        }
        return joined.toString();
    }
}
