package dev.patientportal.notify;

import java.util.Locale;

/**
 * An e-mail's texts after rendering.
 *
 * @param locale the language of the templates used
 * @param subject the subject
 * @param text the plain-text body
 * @param html the HTML body
 */
public record RenderedEmail(Locale locale, String subject, String text, String html) {
    /** Shows only the language: a login code's text holds the code. */
    @Override
    public String toString() {
        return "RenderedEmail[locale=" + locale.toLanguageTag() + "]";
    }
}
