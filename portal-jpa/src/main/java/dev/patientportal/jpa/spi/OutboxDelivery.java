package dev.patientportal.jpa.spi;

import dev.patientportal.core.NotificationIntent;

/**
 * Delivers one notification intent taken from the outbox: typically {@code portal-notify}'s channels (e-mail, push,
 * SMS) behind a small adapter.
 *
 * <p><b>Threads and transactions:</b> called by {@link dev.patientportal.jpa.OutboxDispatcher} on one of its worker
 * threads (or on the caller's thread in {@code drainOnce()}), <em>outside</em> any database transaction and without
 * holding any database lock, so it may take a few seconds. Calls for different intents run concurrently; it must be
 * safe for concurrent use.
 *
 * <p><b>At least once:</b> the same intent may be delivered again (a node died after delivering but before recording
 * it; a lease expired while a slow delivery was still running). {@link NotificationIntent#id()} is the same every time,
 * so an implementation that must not repeat itself can remember it.
 *
 * <p>Throwing an exception counts as {@link DeliveryOutcome#retryLater()}: the exception's class name is recorded,
 * never its message.
 */
@FunctionalInterface
public interface OutboxDelivery {
    /**
     * Delivers an intent.
     *
     * @param intent what to tell whom; holds no personal data
     * @return what happened: sent, retry later, or failed for good
     */
    DeliveryOutcome deliver(NotificationIntent intent);
}
