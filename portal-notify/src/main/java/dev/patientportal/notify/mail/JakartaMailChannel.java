package dev.patientportal.notify.mail;

import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.EmailMessage;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Sends e-mail over SMTP with Jakarta Mail (Eclipse Angus): a {@code multipart/alternative} message with a plain-text
 * and an HTML part, UTF-8 throughout, the institution's name as the sender's display name, and
 * {@code Auto-Submitted: auto-generated} so that auto-responders stay quiet.
 *
 * <p>Results: {@link DeliveryResult.Sent} with the {@code Message-ID}; {@link DeliveryResult.RetryLater} for 4xx
 * replies, timeouts, refused connections and authentication failures (a configuration the host can fix);
 * {@link DeliveryResult.FailedPermanently} for a recipient rejected with a 5xx reply
 * ({@link DeliveryResult.FailureReason#INVALID_ADDRESS}) or a message rejected with one
 * ({@link DeliveryResult.FailureReason#REJECTED}).
 *
 * <pre>{@code
 * EmailChannel email = JakartaMailChannel.create(SmtpSettings.builder("smtp.example.org", 587,
 *         EmailAddress.parse("portal@clinic.example")).credentials(user, password).build());
 * }</pre>
 *
 * <p>Opens one connection per message. Thread-safe.
 */
public final class JakartaMailChannel implements EmailChannel {
    private final SmtpSettings settings;
    private final Session session;
    private final String domain;

    private JakartaMailChannel(SmtpSettings settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty(
                "mail.smtp.connectiontimeout",
                Long.toString(settings.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(settings.readTimeout().toMillis()));
        p.setProperty(
                "mail.smtp.writetimeout", Long.toString(settings.readTimeout().toMillis()));
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.username() != null));
        p.setProperty("mail.smtp.from", settings.from().value());
        switch (settings.security()) {
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {}
        }
        settings.properties().forEach(p::setProperty);
        this.session = Session.getInstance(p);
        String address = settings.from().value();
        this.domain = address.substring(address.indexOf('@') + 1);
    }

    /**
     * Creates the channel.
     *
     * @param settings how to reach the SMTP server
     * @return the channel
     */
    public static JakartaMailChannel create(SmtpSettings settings) {
        return new JakartaMailChannel(Objects.requireNonNull(settings, "settings"));
    }

    @Override
    @SuppressWarnings("JavaUtilDate") // MimeMessage.setSentDate takes a java.util.Date
    public DeliveryResult send(EmailMessage message) {
        Objects.requireNonNull(message, "message");
        String messageId = "<" + UUID.randomUUID() + "@" + domain + ">";
        try {
            MimeMessage mime = new FixedIdMessage(session, messageId);
            mime.setFrom(
                    new InternetAddress(settings.from().value(), message.senderName(), StandardCharsets.UTF_8.name()));
            mime.setRecipient(
                    Message.RecipientType.TO, new InternetAddress(message.to().value(), true));
            mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            mime.setSentDate(new Date());
            mime.setHeader("Auto-Submitted", "auto-generated");
            mime.setHeader("X-Auto-Response-Suppress", "All");
            mime.setHeader("Content-Language", message.locale().toLanguageTag());
            mime.setHeader("X-Patient-Portal-Reference", message.reference());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
            mime.setContent(new MimeMultipart("alternative", text, html));
            mime.saveChanges();
            if (settings.username() != null) {
                Transport.send(mime, settings.username(), settings.password());
            } else {
                Transport.send(mime);
            }
            return DeliveryResult.sent(messageId);
        } catch (MessagingException e) {
            return classify(e);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is required of every Java platform", e);
        }
    }

    /** Maps a Jakarta Mail failure to a result; never looks at addresses. */
    static DeliveryResult classify(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException a) {
                return a.getReturnCode() >= 500
                        ? DeliveryResult.failed(
                                DeliveryResult.FailureReason.INVALID_ADDRESS, "smtp-" + a.getReturnCode())
                        : DeliveryResult.retryLater(null, "smtp-" + a.getReturnCode());
            }
            if (x instanceof SMTPSenderFailedException s) {
                return DeliveryResult.retryLater(null, "smtp-sender-" + s.getReturnCode());
            }
            if (x instanceof SMTPSendFailedException s) {
                return s.getReturnCode() >= 500
                        ? DeliveryResult.failed(DeliveryResult.FailureReason.REJECTED, "smtp-" + s.getReturnCode())
                        : DeliveryResult.retryLater(null, "smtp-" + s.getReturnCode());
            }
        }
        if (e instanceof AuthenticationFailedException) {
            return DeliveryResult.retryLater(null, "smtp-authentication");
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return DeliveryResult.retryLater(null, "timeout");
            }
            if (t instanceof ConnectException || t instanceof MailConnectException) {
                return DeliveryResult.retryLater(null, "connection-refused");
            }
            if (t instanceof UnknownHostException) {
                return DeliveryResult.retryLater(null, "unknown-host");
            }
        }
        return DeliveryResult.retryLater(null, "smtp-error");
    }

    /** A message whose Message-ID is ours, so that it can be returned as the provider id. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
