package dev.patientportal.notify;

import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.notify.internal.Retrier;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.PushMessage;
import dev.patientportal.notify.spi.PushToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one push message to all of a patient's devices: one call per round, the retrier's rounds for the tokens whose
 * result may pass, and tokens the provider no longer knows removed from the registry. Waiting between rounds is the
 * retrier's, so with {@link RetryPolicy#none()} (an outbox) nothing waits.
 */
final class PushFanOut {
    // The notifier's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(PortalNotifier.class);

    private final PushChannel channel;
    private final DeviceRegistry devices;
    private final Retrier retrier;
    private final TransactionRunner transactions;

    PushFanOut(PushChannel channel, DeviceRegistry devices, Retrier retrier, TransactionRunner transactions) {
        this.channel = channel;
        this.devices = devices;
        this.retrier = retrier;
        this.transactions = transactions;
    }

    /** Returns one delivery per token, in the order of {@code tokens}. */
    List<DeliveryReport.Delivery> send(
            NotificationIntent intent, String app, RenderedPush rendered, List<PushToken> tokens) {
        PushMessage message = new PushMessage(
                rendered.title(),
                rendered.body(),
                MessageRenderer.pushData(intent),
                intent.id().toString());
        Map<PushToken, Retrier.Attempted> outcomes = retrier.runEach(tokens, pending -> sendOnce(message, pending));
        List<DeliveryReport.Delivery> deliveries = new ArrayList<>();
        for (PushToken token : tokens) {
            Retrier.Attempted outcome = Objects.requireNonNull(outcomes.get(token));
            if (outcome.result() instanceof DeliveryResult.FailedPermanently failed
                    && failed.reason() == DeliveryResult.FailureReason.UNREGISTERED_TOKEN) {
                try {
                    transactions.inTransaction(() -> devices.removeToken(intent.institution(), app, token));
                } catch (TemporaryFailureException e) {
                    LOG.warn("Could not remove an unregistered push token {}: {}", token.ref(), e.getMessage());
                }
            }
            deliveries.add(
                    new DeliveryReport.Delivery(Channel.PUSH, token.ref(), outcome.result(), outcome.attempts(), null));
        }
        return deliveries;
    }

    /** One call of the channel; a channel that breaks its contract yields results to retry. */
    private List<DeliveryResult> sendOnce(PushMessage message, List<PushToken> tokens) {
        try {
            List<DeliveryResult> results = channel.send(message, tokens);
            if (results.size() == tokens.size()) {
                return results;
            }
            LOG.warn("A push channel returned {} results for {} tokens", results.size(), tokens.size());
        } catch (RuntimeException e) {
            LOG.warn(
                    "A push channel threw {} instead of returning results",
                    e.getClass().getName());
        }
        DeliveryResult retry = DeliveryResult.retryLater(null, "channel-exception");
        return tokens.stream().map(t -> retry).toList();
    }
}
