package dev.patientportal.jpa.spi;

import dev.patientportal.core.NotificationIntent;
import org.jspecify.annotations.Nullable;

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

    /**
     * Delivers an intent again, knowing what an earlier attempt left to do. The dispatcher always calls this one; the
     * default ignores the checkpoint and delivers everything, which suits deliveries that never set one.
     *
     * @param intent what to tell whom; holds no personal data
     * @param checkpoint the {@link DeliveryOutcome#checkpoint()} of the last attempt, or {@code null} on the first
     *     attempt (and after an attempt that set none)
     * @return what happened: sent, retry later, or failed for good
     */
    default DeliveryOutcome deliver(NotificationIntent intent, @Nullable String checkpoint) {
        return deliver(intent);
    }
}
