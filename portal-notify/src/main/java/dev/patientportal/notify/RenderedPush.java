package dev.patientportal.notify;

import java.util.Locale;

/**
 * A push notification's texts after rendering.
 *
 * @param locale the language of the templates used
 * @param title the title
 * @param body the body
 */
public record RenderedPush(Locale locale, String title, String body) {
    /** Shows only the language. */
    @Override
    public String toString() {
        return "RenderedPush[locale=" + locale.toLanguageTag() + "]";
    }
}
