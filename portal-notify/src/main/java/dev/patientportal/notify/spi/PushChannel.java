package dev.patientportal.notify.spi;

import dev.patientportal.notify.DeliveryResult;
import java.util.List;

/**
 * Sends push notifications through a provider. {@code portal-notify} ships
 * {@link dev.patientportal.notify.firebase.FirebasePushChannel} (FCM HTTP v1); a host may plug in another provider.
 *
 * <p><b>Threads and transactions:</b> called by the notifier on the thread that delivers, outside any unit of work; may
 * be called concurrently. It must not change the device registry: the notifier removes the tokens reported as
 * {@link DeliveryResult.FailureReason#UNREGISTERED_TOKEN}.
 */
@FunctionalInterface
public interface PushChannel {
    /**
     * Sends one message to every token, once per token: retries are the caller's business. A channel splits the tokens
     * into batches its provider accepts.
     *
     * @param message the message
     * @param tokens the devices, at least one
     * @return one result per token, in the order of {@code tokens}; provider failures are results, never exceptions
     */
    List<DeliveryResult> send(PushMessage message, List<PushToken> tokens);
}
