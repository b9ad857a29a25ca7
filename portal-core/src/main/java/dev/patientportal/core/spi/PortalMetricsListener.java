package dev.patientportal.core.spi;

import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.InstitutionId;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Hears what an operator counts and times: login outcomes, one-time codes sent, SMS segments and their cost, deliveries
 * per channel, and the outbox's outcomes. {@code portal-micrometer}'s {@code PortalMeters} turns these into meters; a
 * host may implement it for another metrics library. Every method has a default that does nothing, so an
 * implementation overrides only what it records, and new signals can be added without breaking it.
 *
 * <p><b>No personal data.</b> Arguments are the institution, enums, counts, money and durations only: never a patient
 * id, a name, a phone number, an e-mail address, a TAJ, a code or a document title. Keep it that way in what you derive
 * from them (tags, labels, log lines).
 *
 * <p><b>Threads and transactions:</b> called on the thread that did the work (a request thread, a code-delivery thread,
 * an outbox worker), after the work and outside any unit of work of the portal, possibly by many threads at once: an
 * implementation must be thread-safe and quick. The portal calls it through {@link #guarded}, so a listener that throws
 * is logged (its exception's class only) and ignored: a login or a delivery never fails because of its metrics.
 */
public interface PortalMetricsListener {
    /** The channel a code or a notification went by. */
    enum Channel {
        /** E-mail. */
        EMAIL,
        /** SMS. */
        SMS,
        /** Push to the clinic's app. */
        PUSH
    }

    /** How a delivery on one channel failed. */
    enum DeliveryFailure {
        /** Not delivered now; it may be retried (provider unreachable, rate limited). */
        RETRY_LATER,
        /** Never deliverable as it is (invalid address or number, rejected message). */
        FAILED_PERMANENTLY
    }

    /** What the outbox recorded for one message after an attempt. */
    enum OutboxOutcome {
        /** Delivered; the message is done. */
        DELIVERED,
        /** Not delivered; due again after a back-off. */
        RETRIED,
        /** Failed for good or out of attempts; parked for staff. */
        PARKED
    }

    /**
     * A login completed: every factor verified, a session handed out. Called by {@code portal-auth}'s
     * {@code PortalLogin.verify}.
     *
     * @param institution the institution
     */
    default void loginSucceeded(InstitutionId institution) {}

    /**
     * A login operation ({@code start}, {@code verify} or {@code resend}) was refused with an
     * {@link AuthenticationException}: a wrong, expired or used code, a lockout, a rate limit. A decoy challenge is
     * counted like a real one, so the counts tell nobody which identities have a grant. Called by {@code portal-auth}.
     *
     * @param institution the institution
     * @param reason why
     */
    default void loginFailed(InstitutionId institution, AuthenticationException.Reason reason) {}

    /**
     * A one-time login code was accepted by its provider. Called by {@code portal-notify}'s {@code PortalNotifier} on a
     * code-delivery thread; never for a decoy (a decoy sends nothing).
     *
     * @param institution the institution
     * @param channel {@link Channel#EMAIL} or {@link Channel#SMS}
     */
    default void codeSent(InstitutionId institution, Channel channel) {}

    /**
     * A one-time login code could not be sent: the provider asked to retry later, rejected the address, or threw.
     * Called by {@code portal-notify}'s {@code PortalNotifier}.
     *
     * @param institution the institution
     * @param channel {@link Channel#EMAIL} or {@link Channel#SMS}
     */
    default void codeFailed(InstitutionId institution, Channel channel) {}

    /**
     * An SMS (a code or a notification) was accepted by the provider and billed in the usage ledger. Called by
     * {@code portal-notify}.
     *
     * @param institution the institution that pays
     * @param segments the message's segments, at least 1
     * @param cost what the segments cost, in the budgets' currency ({@code segments} times the price per segment)
     */
    default void smsSent(InstitutionId institution, int segments, BigDecimal cost) {}

    /**
     * A notification was delivered on one channel (once per push device). Called by {@code portal-notify}'s
     * {@code PortalNotifier}, directly or under {@code portal-jpa}'s outbox.
     *
     * @param institution the institution
     * @param channel the channel
     * @param latency from the moment the portal decided to notify (the intent's creation, which is also when its outbox
     *     message was stored) to the provider's acceptance; includes the outbox's waiting and retries
     */
    default void notificationDelivered(InstitutionId institution, Channel channel, Duration latency) {}

    /**
     * A notification could not be delivered on one channel (once per push device) in this attempt. Called by
     * {@code portal-notify}'s {@code PortalNotifier}.
     *
     * @param institution the institution
     * @param channel the channel
     * @param failure how
     */
    default void notificationFailed(InstitutionId institution, Channel channel, DeliveryFailure failure) {}

    /**
     * The outbox recorded what became of one message after an attempt. Called by {@code portal-jpa}'s
     * {@code OutboxDispatcher} on a worker or the poller thread, after the outcome committed.
     *
     * @param institution the institution
     * @param outcome what was recorded
     * @param age from the message's creation to the end of the attempt: for {@link OutboxOutcome#DELIVERED}, the
     *     delivery latency
     */
    default void outboxOutcome(InstitutionId institution, OutboxOutcome outcome, Duration age) {}

    /**
     * A listener that records nothing: the default everywhere.
     *
     * @return the listener
     */
    static PortalMetricsListener none() {
        return GuardedMetricsListener.NONE;
    }

    /**
     * Wraps a listener so that an exception it throws is logged (its class, never its message) and swallowed. The
     * portal's builders wrap what they are given; wrapping twice returns the same wrapper.
     *
     * @param listener the listener
     * @return a listener that never throws
     */
    static PortalMetricsListener guarded(PortalMetricsListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        return listener instanceof GuardedMetricsListener ? listener : new GuardedMetricsListener(listener);
    }
}
