package dev.patientportal.notify.spi;

import dev.patientportal.core.PhoneNumber;
import dev.patientportal.notify.SmsSegments;
import java.util.Objects;

/**
 * A rendered SMS on its way to an {@link SmsChannel}. A login code's text holds the code, so {@link #toString()}
 * shows neither number nor text.
 *
 * @param to the recipient, a mobile number
 * @param text the text exactly as it is to be sent
 * @param segments the text's encoding and segment count, as billed
 * @param reference a PHI-free id of what this message is about (the notification's id)
 */
public record SmsMessage(PhoneNumber to, String text, SmsSegments segments, String reference) {
    /**
     * Checks the fields.
     *
     * @param to the recipient, a mobile number
     * @param text the text exactly as it is to be sent
     * @param segments the text's encoding and segment count, as billed
     * @param reference a PHI-free id of what this message is about (the notification's id)
     */
    public SmsMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(reference, "reference");
    }

    /** Shows only the reference and the segment count. */
    @Override
    public String toString() {
        return "SmsMessage[reference=" + reference + ", " + segments + "]";
    }
}
