package dev.patientportal.notify;

import java.util.Locale;

/**
 * An SMS text after rendering (and transliteration, when enabled), with its cost in segments.
 *
 * @param locale the language of the template used
 * @param text the text as it is sent
 * @param segments its encoding and segments
 */
public record RenderedSms(Locale locale, String text, SmsSegments segments) {
    /** Shows only the language and the segments: a login code's text holds the code. */
    @Override
    public String toString() {
        return "RenderedSms[locale=" + locale.toLanguageTag() + ", segments=" + segments + "]";
    }
}
