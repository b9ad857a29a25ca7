package dev.patientportal.notify.spi;

import dev.patientportal.core.EmailAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * A rendered e-mail on its way to an {@link EmailChannel}. Its texts come from PHI-free templates, but a login code's
 * text holds the code, so {@link #toString()} shows neither address nor content.
 *
 * @param to the recipient
 * @param senderName the display name of the sender, the institution's name
 * @param subject the subject
 * @param text the plain-text body
 * @param html the HTML body
 * @param locale the language of the texts, for {@code Content-Language}
 * @param reference a PHI-free id of what this message is about (the notification's id), for correlation headers
 */
public record EmailMessage(
        EmailAddress to, String senderName, String subject, String text, String html, Locale locale, String reference) {
    /**
     * Checks the fields.
     *
     * @param to the recipient
     * @param senderName the display name of the sender, the institution's name
     * @param subject the subject
     * @param text the plain-text body
     * @param html the HTML body
     * @param locale the language of the texts, for {@code Content-Language}
     * @param reference a PHI-free id of what this message is about (the notification's id), for correlation headers
     */
    public EmailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(senderName, "senderName");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(reference, "reference");
    }

    /** Shows only the reference and the language. */
    @Override
    public String toString() {
        return "EmailMessage[reference=" + reference + ", locale=" + locale.toLanguageTag() + "]";
    }
}
