package dev.patientportal.notify;

import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.notify.internal.Retrier;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.EmailMessage;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsMessage;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one-time login codes at once, with direct retries, and turns the outcome into what login expects: nothing
 * when sent, a temporary failure to retry, a validation error naming the rejected address. SMS codes are counted in
 * the ledger but never held back by the budget. The code is neither logged nor stored. Each code sent, or not, is told
 * to the metrics listener by channel.
 */
final class LoginCodeSender {
    // The notifier's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(PortalNotifier.class);

    private final @Nullable EmailChannel email;
    private final @Nullable SmsChannel sms;
    private final MessageRenderer renderer;
    private final SmsBiller biller;
    private final Retrier retrier;
    private final PortalMetricsListener metrics;

    LoginCodeSender(
            @Nullable EmailChannel email,
            @Nullable SmsChannel sms,
            MessageRenderer renderer,
            SmsBiller biller,
            Retrier retrier,
            PortalMetricsListener metrics) {
        this.email = email;
        this.sms = sms;
        this.renderer = renderer;
        this.biller = biller;
        this.retrier = retrier;
        this.metrics = metrics;
    }

    void send(CodeMessage message, InstitutionSettings settings) {
        String reference = "login-code-" + UUID.randomUUID();
        Retrier.Attempted outcome;
        String field;
        if (message.channel() == CodeMessage.Channel.EMAIL) {
            EmailChannel channel = required(email, "email");
            RenderedEmail r = renderer.codeEmail(message, settings);
            EmailMessage mail = new EmailMessage(
                    Objects.requireNonNull(message.email()),
                    settings.name(),
                    r.subject(),
                    r.text(),
                    r.html(),
                    r.locale(),
                    reference);
            outcome = retrier.run(() -> channel.send(mail));
            field = "email";
        } else {
            SmsChannel channel = required(sms, "sms");
            RenderedSms r = renderer.codeSms(message, settings);
            SmsMessage text =
                    new SmsMessage(Objects.requireNonNull(message.phone()), r.text(), r.segments(), reference);
            outcome = biller.send(message.institution(), settings, r.segments(), null, () -> channel.send(text))
                    .orElseThrow(() -> new IllegalStateException("an unlimited reservation cannot be refused"));
            field = "phone";
        }
        DeliveryResult result = outcome.result();
        PortalMetricsListener.Channel counted = message.channel() == CodeMessage.Channel.EMAIL
                ? PortalMetricsListener.Channel.EMAIL
                : PortalMetricsListener.Channel.SMS;
        if (result.status() != DeliveryResult.Status.SENT) {
            metrics.codeFailed(message.institution(), counted);
        }
        if (result instanceof DeliveryResult.RetryLater retry) {
            LOG.warn(
                    "Login code by {} for institution {} not sent: {}",
                    message.channel(),
                    message.institution(),
                    retry.reason());
            throw new TemporaryFailureException(
                    "The " + message.channel() + " provider cannot take the code now (" + retry.reason() + ")");
        }
        if (result instanceof DeliveryResult.FailedPermanently failed) {
            LOG.warn(
                    "Login code by {} for institution {} rejected: {} ({})",
                    message.channel(),
                    message.institution(),
                    failed.reason(),
                    failed.detail());
            throw new ValidationException(field, "was rejected by the provider");
        }
        metrics.codeSent(message.institution(), counted);
        LOG.info("Login code by {} for institution {} sent", message.channel(), message.institution());
    }

    private static <T> T required(@Nullable T channel, String name) {
        if (channel == null) {
            throw new IllegalStateException("No " + name + " channel configured for login codes");
        }
        return channel;
    }
}
