package dev.patientportal.core;

import java.time.Duration;
import java.util.Locale;

/**
 * A one-time login code on its way to a patient: what {@link dev.patientportal.core.spi.CodeSender} delivers. Lives in
 * memory only; {@link #toString()} shows neither the code nor the address.
 *
 * @param institution the institution whose portal the patient logs in to
 * @param channel e-mail or SMS
 * @param email the address, for {@link Channel#EMAIL}; otherwise {@code null}
 * @param phone the number, for {@link Channel#SMS}; otherwise {@code null}
 * @param code the code, digits only
 * @param validFor how long the code is valid, for the message text
 * @param locale the language of the message
 */
public record CodeMessage(
        InstitutionId institution,
        Channel channel,
        @org.jspecify.annotations.Nullable EmailAddress email,
        @org.jspecify.annotations.Nullable PhoneNumber phone,
        String code,
        Duration validFor,
        Locale locale) {

    /** Where a code goes. */
    public enum Channel {
        /** By e-mail. */
        EMAIL,
        /** By SMS. */
        SMS
    }

    /**
     * Checks that the address fits the channel.
     *
     * @param institution the institution whose portal the patient logs in to
     * @param channel e-mail or SMS
     * @param email the address, for {@link Channel#EMAIL}; otherwise {@code null}
     * @param phone the number, for {@link Channel#SMS}; otherwise {@code null}
     * @param code the code, digits only
     * @param validFor how long the code is valid, for the message text
     * @param locale the language of the message
     */
    public CodeMessage {
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(channel, "channel");
        java.util.Objects.requireNonNull(code, "code");
        java.util.Objects.requireNonNull(validFor, "validFor");
        java.util.Objects.requireNonNull(locale, "locale");
        if (channel == Channel.EMAIL && (email == null || phone != null)) {
            throw new IllegalArgumentException("an e-mail code needs an e-mail address and no phone");
        }
        if (channel == Channel.SMS && (phone == null || email != null)) {
            throw new IllegalArgumentException("an SMS code needs a phone number and no e-mail address");
        }
    }

    /** Shows neither the code nor the address. */
    @Override
    public String toString() {
        return "CodeMessage[institution=" + institution + ", channel=" + channel + "]";
    }
}
