package dev.patientportal.core.spi;

import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.InstitutionId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PortalMetricsListener#guarded}: passes every signal on and swallows what the listener throws. The first failure
 * is logged as a warning, later ones at debug level, so a broken registry does not flood the log.
 */
final class GuardedMetricsListener implements PortalMetricsListener {
    private static final Logger LOG = LoggerFactory.getLogger(PortalMetricsListener.class);

    static final GuardedMetricsListener NONE = new GuardedMetricsListener(new PortalMetricsListener() {});

    private final PortalMetricsListener delegate;
    private final AtomicBoolean warned = new AtomicBoolean();

    GuardedMetricsListener(PortalMetricsListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void loginSucceeded(InstitutionId institution) {
        guard("loginSucceeded", () -> delegate.loginSucceeded(institution));
    }

    @Override
    public void loginFailed(InstitutionId institution, AuthenticationException.Reason reason) {
        guard("loginFailed", () -> delegate.loginFailed(institution, reason));
    }

    @Override
    public void codeSent(InstitutionId institution, Channel channel) {
        guard("codeSent", () -> delegate.codeSent(institution, channel));
    }

    @Override
    public void codeFailed(InstitutionId institution, Channel channel) {
        guard("codeFailed", () -> delegate.codeFailed(institution, channel));
    }

    @Override
    public void smsSent(InstitutionId institution, int segments, BigDecimal cost) {
        guard("smsSent", () -> delegate.smsSent(institution, segments, cost));
    }

    @Override
    public void notificationDelivered(InstitutionId institution, Channel channel, Duration latency) {
        guard("notificationDelivered", () -> delegate.notificationDelivered(institution, channel, latency));
    }

    @Override
    public void notificationFailed(InstitutionId institution, Channel channel, DeliveryFailure failure) {
        guard("notificationFailed", () -> delegate.notificationFailed(institution, channel, failure));
    }

    @Override
    public void outboxOutcome(InstitutionId institution, OutboxOutcome outcome, Duration age) {
        guard("outboxOutcome", () -> delegate.outboxOutcome(institution, outcome, age));
    }

    /** Whether a failure was logged as a warning yet (for tests). */
    boolean warned() {
        return warned.get();
    }

    private void guard(String signal, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // The exception's message is the listener's own text: log its class only.
            if (warned.compareAndSet(false, true)) {
                LOG.warn(
                        "A metrics listener threw {} on {}; ignored (later failures are logged at debug level)",
                        e.getClass().getName(),
                        signal);
            } else {
                LOG.debug(
                        "A metrics listener threw {} on {}; ignored",
                        e.getClass().getName(),
                        signal);
            }
        }
    }
}
