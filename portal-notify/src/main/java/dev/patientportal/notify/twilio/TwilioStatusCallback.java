package dev.patientportal.notify.twilio;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The PHI-free part of a Twilio message status callback: which message, its status, and Twilio's error code. The
 * callback's {@code To} and {@code From} numbers are deliberately left out. Check the callback with
 * {@link TwilioSignatureValidator} first.
 *
 * @param messageSid the message SID, as {@link dev.patientportal.notify.DeliveryResult.Sent#providerId()} returned it
 * @param status Twilio's status: {@code queued}, {@code sent}, {@code delivered}, {@code undelivered},
 *     {@code failed}...
 * @param errorCode Twilio's error code for {@code undelivered} or {@code failed}, or {@code null}
 */
public record TwilioStatusCallback(
        String messageSid, String status, @Nullable String errorCode) {
    /**
     * Checks the fields.
     *
     * @param messageSid the message SID, as {@link dev.patientportal.notify.DeliveryResult.Sent#providerId()} returned
     *     it
     * @param status Twilio's status: {@code queued}, {@code sent}, {@code delivered}, {@code undelivered},
     *     {@code failed}...
     * @param errorCode Twilio's error code for {@code undelivered} or {@code failed}, or {@code null}
     */
    public TwilioStatusCallback {
        Objects.requireNonNull(messageSid, "messageSid");
        Objects.requireNonNull(status, "status");
    }

    /**
     * Reads a callback's form parameters.
     *
     * @param formParameters the posted parameters
     * @return the status
     * @throws IllegalArgumentException when {@code MessageSid} or {@code MessageStatus} is missing
     */
    public static TwilioStatusCallback from(Map<String, String> formParameters) {
        String sid = formParameters.get("MessageSid");
        String status = formParameters.get("MessageStatus");
        if (sid == null || status == null) {
            throw new IllegalArgumentException("a status callback has MessageSid and MessageStatus");
        }
        return new TwilioStatusCallback(sid, status, formParameters.get("ErrorCode"));
    }

    /**
     * Tells whether the message will never arrive.
     *
     * @return {@code true} for {@code failed} and {@code undelivered}
     */
    public boolean isFailure() {
        return "failed".equals(status) || "undelivered".equals(status);
    }
}
